// The bot configuration of the demo: the simulator as Entra ID + MDE, Slack and Teams both on, pointed
// at the playground's fakes on the bot's own port, and the demo users' RBAC file.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, type Simulator } from '../sim/index.js';
import { PLAYGROUND_PATH, TEAMS_TENANT_ID } from '../playground/index.js';

export interface DemoSecrets {
  slackSigningSecret: string;
  slackBotToken: string;
}

/**
 * A fresh key prefix per run, never an inherited QUEUE_PREFIX: on exit the demo deletes every key under
 * its prefix, which must therefore belong to nobody else. Hex only, so it is no SCAN pattern either.
 */
export function demoPrefix(): string {
  return `demo-${randomBytes(8).toString('hex')}`;
}

/** Fresh per run: nothing outside this machine ever sees them. */
export function demoSecrets(): DemoSecrets {
  return {
    slackSigningSecret: `demo-signing-${randomBytes(16).toString('hex')}`,
    slackBotToken: `xoxb-0000000000-0000000000000-${randomBytes(12).toString('hex')}`,
  };
}

export interface DemoEnvInput {
  port: number;
  redisUrl: string;
  sim: Pick<Simulator, 'tenantId' | 'authorityHost' | 'defenderApiUrl' | 'graphApiUrl'>;
  rbacFile: string;
  secrets: DemoSecrets;
  /** The run's own key prefix (demoPrefix()); the environment's QUEUE_PREFIX is overridden. */
  queuePrefix: string;
  /** The caller's environment: LOG_LEVEL and ALERT_POLL_SECONDS may be set there. */
  env: NodeJS.ProcessEnv;
}

/** The named hunts the repository ships (its top level). */
export const EXAMPLE_HUNTS = fileURLToPath(new URL('../../hunts.example.yaml', import.meta.url));

export function demoEnv(input: DemoEnvInput): Record<string, string | undefined> {
  const { env, sim, secrets } = input;
  return {
    ...env,
    ROLE: 'all',
    // Loopback only: TEAMS_ALLOW_UNAUTHENTICATED is refused on any other address.
    HOST: '127.0.0.1',
    PORT: String(input.port),
    REDIS_URL: input.redisUrl,
    QUEUE_PREFIX: input.queuePrefix,
    AZURE_TENANT_ID: sim.tenantId,
    AZURE_CLIENT_ID: DEFAULT_CLIENT_ID,
    AZURE_CLIENT_SECRET: DEFAULT_CLIENT_SECRET,
    AZURE_AUTHORITY_HOST: sim.authorityHost,
    DEFENDER_API_URL: sim.defenderApiUrl,
    // Advanced hunting against the simulator's Graph endpoint, with the example hunts.
    GRAPH_API_URL: sim.graphApiUrl,
    HUNTS_FILE: env.HUNTS_FILE ?? EXAMPLE_HUNTS,
    SLACK_SIGNING_SECRET: secrets.slackSigningSecret,
    SLACK_BOT_TOKEN: secrets.slackBotToken,
    SLACK_API_URL: `http://127.0.0.1:${input.port}${PLAYGROUND_PATH}/slack/api/`,
    SLACK_APP_TOKEN: undefined,
    MICROSOFT_APP_ID: undefined,
    TEAMS_ALLOW_UNAUTHENTICATED: 'true',
    // The playground's Teams users belong to this tenant; any other is refused as in production.
    TEAMS_ALLOWED_TENANTS: TEAMS_TENANT_ID,
    // Alerts show up within seconds instead of the production minute.
    ALERT_POLL_SECONDS: env.ALERT_POLL_SECONDS ?? '5',
    RBAC_FILE: input.rbacFile,
  };
}

/** The demo's own variables (not the whole inherited environment) as KEY=VALUE lines for the doctor. */
export function doctorEnvFile(env: Record<string, string | undefined>): string {
  const own = [
    'ROLE',
    'HOST',
    'PORT',
    'REDIS_URL',
    'QUEUE_PREFIX',
    'AZURE_TENANT_ID',
    'AZURE_CLIENT_ID',
    'AZURE_CLIENT_SECRET',
    'AZURE_AUTHORITY_HOST',
    'DEFENDER_API_URL',
    'GRAPH_API_URL',
    'HUNTS_FILE',
    'SLACK_SIGNING_SECRET',
    'SLACK_BOT_TOKEN',
    'SLACK_API_URL',
    'TEAMS_ALLOW_UNAUTHENTICATED',
    'TEAMS_ALLOWED_TENANTS',
    'ALERT_POLL_SECONDS',
    'RBAC_FILE',
    'NODE_EXTRA_CA_CERTS',
  ];
  return `${own
    .filter((key) => env[key] !== undefined)
    .map((key) => `${key}=${env[key]}`)
    .join('\n')}\n`;
}
