// Cross-field rules: combinations of variables that are each valid alone but wrong together.
// Each rule yields its own problem line, naming the variable to change and how.
import type { UserContextMode } from './types.js';
import type { Env, EnvName } from './env.js';
import { isLoopbackHost } from './net.js';
import { allowedTenants } from './tenants.js';

interface Rule {
  /** Skipped when one of these failed on its own, so it does not report on a value it never saw. */
  uses: readonly EnvName[];
  check(env: Env): string | undefined;
}

const slackPair = 'Slack needs both SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN';
const azureSet =
  'the Entra app registration needs AZURE_TENANT_ID, AZURE_CLIENT_ID and one of AZURE_CLIENT_SECRET / AZURE_CLIENT_CERTIFICATE_PATH';

const azureIds: readonly EnvName[] = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID'];

function anyAzure(env: Env): boolean {
  return [
    env.AZURE_TENANT_ID,
    env.AZURE_CLIENT_ID,
    env.AZURE_CLIENT_SECRET,
    env.AZURE_CLIENT_CERTIFICATE_PATH,
  ].some((v) => v !== undefined);
}

const rules: readonly Rule[] = [
  {
    uses: ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN'],
    check: (env) =>
      env.SLACK_SIGNING_SECRET && !env.SLACK_BOT_TOKEN
        ? `SLACK_BOT_TOKEN: missing — ${slackPair}; set it to the app's xoxb- token or unset SLACK_SIGNING_SECRET to turn Slack off`
        : undefined,
  },
  {
    uses: ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN'],
    check: (env) =>
      env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET
        ? `SLACK_SIGNING_SECRET: missing — ${slackPair}; set it to the app's signing secret (Basic Information page) or unset SLACK_BOT_TOKEN to turn Slack off`
        : undefined,
  },
  {
    uses: ['SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN'],
    check: (env) =>
      env.SLACK_APP_TOKEN && !(env.SLACK_SIGNING_SECRET && env.SLACK_BOT_TOKEN)
        ? `SLACK_APP_TOKEN: set but Slack is not configured — Socket Mode also needs SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN; set them or unset SLACK_APP_TOKEN`
        : undefined,
  },
  {
    uses: ['TEAMS_ALLOW_UNAUTHENTICATED', 'HOST'],
    check: (env) =>
      env.TEAMS_ALLOW_UNAUTHENTICATED && !isLoopbackHost(env.HOST)
        ? 'TEAMS_ALLOW_UNAUTHENTICATED: refused because HOST is not a loopback address — unauthenticated Bot Framework traffic is for local demos only; set HOST=127.0.0.1 or set TEAMS_ALLOW_UNAUTHENTICATED=false'
        : undefined,
  },
  {
    uses: ['TEAMS_ALLOW_UNAUTHENTICATED', 'MICROSOFT_APP_ID'],
    check: (env) =>
      env.TEAMS_ALLOW_UNAUTHENTICATED && env.MICROSOFT_APP_ID
        ? 'TEAMS_ALLOW_UNAUTHENTICATED: cannot be combined with MICROSOFT_APP_ID — with an app id Teams requests are authenticated; unset one of them'
        : undefined,
  },
  {
    // Without an allowed tenant every Teams activity would be refused; say so at start instead.
    uses: [
      'TEAMS_ALLOWED_TENANTS',
      'TEAMS_ALLOW_UNAUTHENTICATED',
      'MICROSOFT_APP_ID',
      'MICROSOFT_APP_TENANT_ID',
      'AZURE_TENANT_ID',
    ],
    check: (env) =>
      (env.MICROSOFT_APP_ID || env.TEAMS_ALLOW_UNAUTHENTICATED) && allowedTenants(env).length === 0
        ? 'TEAMS_ALLOWED_TENANTS: missing — Teams is on but no tenant may use it (MICROSOFT_APP_TENANT_ID / AZURE_TENANT_ID is unset or not a tenant GUID); set TEAMS_ALLOWED_TENANTS to your Entra tenant id(s)'
        : undefined,
  },
  {
    uses: ['METRICS_PORT', 'PORT'],
    check: (env) =>
      env.METRICS_PORT !== undefined && env.METRICS_PORT === env.PORT
        ? 'METRICS_PORT: must differ from PORT — it moves /metrics off the chat port; pick another port or unset it'
        : undefined,
  },
  {
    uses: ['MICROSOFT_APP_TYPE', 'MICROSOFT_APP_ID'],
    check: (env) =>
      env.MICROSOFT_APP_TYPE !== 'MultiTenant' && !env.MICROSOFT_APP_ID
        ? `MICROSOFT_APP_ID: missing — MICROSOFT_APP_TYPE=${env.MICROSOFT_APP_TYPE} needs the bot's app id; set it or unset MICROSOFT_APP_TYPE`
        : undefined,
  },
  {
    uses: ['MICROSOFT_APP_TYPE', 'MICROSOFT_APP_TENANT_ID'],
    check: (env) =>
      env.MICROSOFT_APP_TYPE !== 'MultiTenant' && !env.MICROSOFT_APP_TENANT_ID
        ? `MICROSOFT_APP_TENANT_ID: missing — MICROSOFT_APP_TYPE=${env.MICROSOFT_APP_TYPE} needs the tenant id of the bot's app registration; set it or use MICROSOFT_APP_TYPE=MultiTenant`
        : undefined,
  },
  {
    uses: ['MICROSOFT_APP_TYPE', 'MICROSOFT_APP_ID', 'MICROSOFT_APP_PASSWORD'],
    check: (env) =>
      env.MICROSOFT_APP_ID && env.MICROSOFT_APP_TYPE !== 'UserAssignedMSI' && !env.MICROSOFT_APP_PASSWORD
        ? "MICROSOFT_APP_PASSWORD: missing — MICROSOFT_APP_ID needs the app registration's client secret (unless MICROSOFT_APP_TYPE=UserAssignedMSI); set it"
        : undefined,
  },
  {
    uses: ['MICROSOFT_APP_TYPE', 'MICROSOFT_APP_PASSWORD'],
    check: (env) =>
      env.MICROSOFT_APP_TYPE === 'UserAssignedMSI' && env.MICROSOFT_APP_PASSWORD
        ? 'MICROSOFT_APP_PASSWORD: must not be set with MICROSOFT_APP_TYPE=UserAssignedMSI — the managed identity is the credential; unset it'
        : undefined,
  },
  {
    // Other app types already report the missing id above.
    uses: ['MICROSOFT_APP_TYPE', 'MICROSOFT_APP_ID', 'MICROSOFT_APP_PASSWORD', 'MICROSOFT_APP_TENANT_ID'],
    check: (env) =>
      env.MICROSOFT_APP_TYPE === 'MultiTenant' &&
      !env.MICROSOFT_APP_ID &&
      (env.MICROSOFT_APP_PASSWORD || env.MICROSOFT_APP_TENANT_ID)
        ? 'MICROSOFT_APP_ID: missing — MICROSOFT_APP_PASSWORD/MICROSOFT_APP_TENANT_ID are set but without an app id Teams requests would not be authenticated; set MICROSOFT_APP_ID or unset the others'
        : undefined,
  },
  ...(['AZURE_TENANT_ID', 'AZURE_CLIENT_ID'] as const).map((name): Rule => ({
    uses: azureIds,
    check: (env) =>
      anyAzure(env) && !env[name]
        ? `${name}: missing — ${azureSet}; set it or unset the other AZURE_* variables`
        : undefined,
  })),
  {
    uses: [],
    check: (env) =>
      anyAzure(env) && !env.AZURE_CLIENT_SECRET && !env.AZURE_CLIENT_CERTIFICATE_PATH
        ? `AZURE_CLIENT_CERTIFICATE_PATH: missing — ${azureSet}; set AZURE_CLIENT_CERTIFICATE_PATH (preferred) or AZURE_CLIENT_SECRET`
        : undefined,
  },
  {
    uses: [],
    check: (env) =>
      env.AZURE_CLIENT_SECRET && env.AZURE_CLIENT_CERTIFICATE_PATH
        ? 'AZURE_CLIENT_SECRET: set together with AZURE_CLIENT_CERTIFICATE_PATH — pick one credential; unset AZURE_CLIENT_SECRET to use the certificate (preferred)'
        : undefined,
  },
];

export function checkEnvRules(env: Env, failed: ReadonlySet<EnvName>): string[] {
  return rules
    .filter((rule) => !rule.uses.some((name) => failed.has(name)))
    .map((rule) => rule.check(env))
    .filter((problem): problem is string => problem !== undefined);
}

/** userContext: required must be able to sign users in, or every MDE command would fail. */
export function checkUserContextRules(
  env: Env,
  userContext: UserContextMode,
  failed: ReadonlySet<EnvName>,
): string[] {
  if (userContext !== 'required') return [];
  const needs: [EnvName, boolean][] = [
    ['AZURE_CLIENT_ID', anyAzure(env)],
    ['PUBLIC_URL', env.PUBLIC_URL !== undefined],
    ['TOKEN_ENCRYPTION_KEY', env.TOKEN_ENCRYPTION_KEY !== undefined],
  ];
  return needs
    .filter(([name, present]) => !present && !failed.has(name))
    .map(
      ([name]) =>
        `${name}: missing — the RBAC file sets userContext: required, which needs user sign-in (AZURE_* app registration, PUBLIC_URL and TOKEN_ENCRYPTION_KEY); set it or use userContext: optional`,
    );
}
