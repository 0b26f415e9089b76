// The services the bot talks to, asked the way the bot asks them: MDE (one machine), Slack (auth.test and
// the token's scopes), Teams (a Bot Framework token; the public messaging endpoint), and what sign-in needs.
import type { Config } from '../config/types.js';
import { BotError } from '../core/errors.js';
import { createDefenderClient } from '../defender/index.js';
import { AppTokenProvider } from '../identity/index.js';
import { createLogger } from '../core/logger.js';
import { fail, ok, warn, type Check } from './report.js';

const TIMEOUT_MS = 10_000;
const REGIONS: Readonly<Record<string, string>> = {
  us: 'United States',
  eu: 'Europe',
  uk: 'United Kingdom',
  au: 'Australia',
  swa: 'Switzerland',
  ina: 'India',
  aea: 'UAE',
};

/** Which region or cloud an MDE host serves. */
export function regionOf(host: string): string {
  if (host.startsWith('api-gcc.')) return 'US Government GCC';
  if (host.startsWith('api-gov.')) return 'US Government GCC High / DoD';
  const label = host.split('.')[0] ?? '';
  if (REGIONS[label] && host.endsWith('.api.security.microsoft.com')) return REGIONS[label];
  if (host === 'api.security.microsoft.com' || host === 'api.securitycenter.microsoft.com')
    return 'global (nearest region)';
  return 'not a Microsoft host (a simulator or proxy?)';
}

export async function mdeCheck(config: Config): Promise<Check> {
  const { azure } = config;
  if (!azure) return fail('MDE', 'not configured', 'set AZURE_TENANT_ID, AZURE_CLIENT_ID and a credential');
  const host = new URL(config.defenderApiUrl).host;
  const tokens = new AppTokenProvider({
    azure,
    scope: config.defenderScope,
    logger: createLogger({ level: 'silent' }),
  });
  const client = createDefenderClient({ baseUrl: config.defenderApiUrl, tokens });
  try {
    await client.listMachines(undefined, { top: 1 });
    return ok('MDE', `${host} answers (${regionOf(host)})`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof BotError && error.code === 'FORBIDDEN')
      return fail(
        'MDE',
        `${host} refused the bot (403): ${message}`,
        'grant Machine.Read.All (see the Entra lines)',
      );
    return fail(
      'MDE',
      `${host} did not answer: ${message}`,
      'check DEFENDER_API_URL (see the README hosts table) and that this machine can reach it over HTTPS',
    );
  }
}

/** What sign-in (user context) needs, and the redirect URI the app registration must carry. */
export function userContextChecks(config: Config): Check[] {
  const mode = config.rbac.userContext;
  if (mode === 'off') return [ok('User context', 'off: every call uses the app token')];
  const hasUrl = config.publicUrl !== undefined;
  const hasKey = config.tokenEncryptionKey !== undefined;
  if (hasUrl && hasKey) {
    return [
      ok('User context', `sign-in on (userContext: ${mode})`),
      ok(
        'User context',
        `the app registration must carry the redirect URI ${config.publicUrl!.replace(/\/+$/, '')}/auth/callback (Web platform)`,
      ),
    ];
  }
  const missing = [hasUrl ? undefined : 'PUBLIC_URL', hasKey ? undefined : 'TOKEN_ENCRYPTION_KEY']
    .filter(Boolean)
    .join(' and ');
  const fix = `set ${missing} (TOKEN_ENCRYPTION_KEY: openssl rand -base64 32)`;
  if (mode === 'required' || hasUrl || hasKey) return [fail('User context', `sign-in needs ${missing}`, fix)];
  return [ok('User context', `sign-in off (no PUBLIC_URL / TOKEN_ENCRYPTION_KEY): app context for everyone`)];
}

/** The bot scopes the features use (the Slack manifest asks for exactly these); the first four are needed for anything to work. */
export const SLACK_SCOPES: readonly { scope: string; essential: boolean; why: string }[] = [
  { scope: 'commands', essential: true, why: 'the /defender command' },
  { scope: 'chat:write', essential: true, why: 'posting and updating cards' },
  { scope: 'users:read', essential: true, why: 'users.info' },
  { scope: 'users:read.email', essential: true, why: "the person's email for roles and four-eyes" },
  {
    scope: 'channels:history',
    essential: false,
    why: 'finding a card a stopped worker had posted, instead of posting it twice (public channels)',
  },
  {
    scope: 'groups:history',
    essential: false,
    why: 'finding a card a stopped worker had posted, instead of posting it twice (private channels)',
  },
  { scope: 'files:write', essential: false, why: 'hunting results as CSV files' },
  {
    scope: 'im:write',
    essential: false,
    why: "live response output as a file in the requester's direct messages",
  },
];

/** The scope names alone: what the Slack app asks for and what a token that has them all carries. */
export const SLACK_SCOPE_NAMES: readonly string[] = SLACK_SCOPES.map(({ scope }) => scope);

export async function slackChecks(config: Config, fetchImpl: typeof fetch = fetch): Promise<Check[]> {
  const { slack } = config;
  if (!slack) return [ok('Slack', 'off (SLACK_SIGNING_SECRET / SLACK_BOT_TOKEN unset)')];
  let response: Response;
  let body: { ok?: boolean; error?: string; team?: string; team_id?: string; user_id?: string };
  try {
    response = await fetchImpl(new URL('auth.test', slack.apiUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${slack.botToken}` },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    body = (await response.json()) as typeof body;
  } catch (error) {
    return [
      fail(
        'Slack',
        `auth.test did not answer: ${error instanceof Error ? error.message : String(error)}`,
        'check SLACK_API_URL and that this machine can reach Slack',
      ),
    ];
  }
  if (body.ok !== true)
    return [
      fail(
        'Slack',
        `auth.test refused the bot token: ${body.error ?? 'unknown error'}`,
        'reinstall the Slack app and set SLACK_BOT_TOKEN to its Bot User OAuth Token',
      ),
    ];
  const checks = [
    ok('Slack', `workspace ${body.team ?? '?'} (${body.team_id ?? '?'}), bot user ${body.user_id ?? '?'}`),
  ];
  const header = response.headers.get('x-oauth-scopes');
  if (header === null) {
    checks.push(warn('Slack', 'Slack did not say which scopes the token has (no x-oauth-scopes header)'));
    return checks;
  }
  const granted = new Set(header.split(',').map((s) => s.trim()));
  for (const { scope, essential, why } of SLACK_SCOPES) {
    if (granted.has(scope)) checks.push(ok('Slack', `scope ${scope} granted`));
    else {
      const fix = `add the bot scope ${scope} under OAuth & Permissions, then reinstall the app`;
      checks.push(
        essential
          ? fail('Slack', `scope ${scope} missing (${why})`, fix)
          : warn('Slack', `scope ${scope} missing (${why})`, fix),
      );
    }
  }
  return checks;
}

/** A Bot Framework token for the bot's own identity, and the public messaging endpoint. */
export async function teamsChecks(config: Config, fetchImpl: typeof fetch = fetch): Promise<Check[]> {
  const { teams } = config;
  if (!teams.appId) {
    return [
      teams.allowUnauthenticated
        ? ok('Teams', 'local mode: unauthenticated Bot Framework traffic, from loopback only')
        : ok('Teams', 'off (MICROSOFT_APP_ID unset)'),
    ];
  }
  const checks: Check[] = [];
  if (teams.appType === 'SingleTenant' && !teams.appTenantId)
    return [
      fail(
        'Teams',
        'MICROSOFT_APP_TYPE is SingleTenant without MICROSOFT_APP_TENANT_ID',
        'set MICROSOFT_APP_TENANT_ID to the bot’s tenant',
      ),
    ];
  if (teams.appType === 'UserAssignedMSI')
    checks.push(ok('Teams', 'managed identity: its token is not tested from here'));
  else if (!teams.appPassword)
    checks.push(
      fail(
        'Teams',
        'MICROSOFT_APP_PASSWORD is unset',
        'set it to a client secret of the bot’s app registration',
      ),
    );
  else {
    const tenant = teams.appType === 'SingleTenant' ? teams.appTenantId! : 'botframework.com';
    const authority = (config.azure?.authorityHost ?? 'https://login.microsoftonline.com').replace(
      /\/+$/,
      '',
    );
    try {
      const response = await fetchImpl(`${authority}/${encodeURIComponent(tenant)}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: teams.appId,
          client_secret: teams.appPassword,
          scope: 'https://api.botframework.com/.default',
        }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const body = (await response.json()) as { access_token?: string; error?: string };
      if (body.access_token)
        checks.push(ok('Teams', `Bot Framework token for ${teams.appId} (${teams.appType})`));
      else
        checks.push(
          fail(
            'Teams',
            `no Bot Framework token: ${body.error ?? `HTTP ${response.status}`}`,
            `check MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TYPE (${teams.appType}: tenant ${tenant})`,
          ),
        );
    } catch (error) {
      checks.push(
        fail(
          'Teams',
          `the token endpoint did not answer: ${error instanceof Error ? error.message : String(error)}`,
          'check that this machine can reach Entra ID',
        ),
      );
    }
  }
  checks.push(await messagingEndpointCheck(config, fetchImpl));
  return checks;
}

async function messagingEndpointCheck(config: Config, fetchImpl: typeof fetch): Promise<Check> {
  if (!config.publicUrl)
    return warn(
      'Teams',
      'PUBLIC_URL unset: cannot check the messaging endpoint from here',
      'set PUBLIC_URL to the bot’s public base URL',
    );
  const url = `${config.publicUrl.replace(/\/+$/, '')}/api/messages`;
  try {
    // Unsigned on purpose: any HTTP answer (401 included) proves the route is reachable.
    const response = await fetchImpl(url, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    return ok('Teams', `${url} reachable (HTTP ${response.status} to an unsigned request)`);
  } catch (error) {
    return fail(
      'Teams',
      `${url} not reachable: ${error instanceof Error ? error.message : String(error)}`,
      'check PUBLIC_URL, DNS and the ingress in front of the web role',
    );
  }
}
