// The environment of a bot pointed at the simulator and a fake Slack, as production configures it:
// one builder for the benchmarks and the failure drills.
// The credentials only, not the simulator: a bot process under test must not carry the simulator's code.
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '../../src/sim/entra/directory.js';
import { TENANT_ID as TEAMS_TENANT_ID } from '../../test/helpers/teams-activity.js';

export interface SimTargets {
  simUrl: string;
  tenantId: string;
  slackApiUrl: string;
}

export interface SimBotEnvOptions {
  role: 'all' | 'web' | 'worker';
  prefix: string;
  redisUrl: string;
  rbacFile: string;
  signingSecret: string;
  botToken: string;
  logLevel?: string;
  /** More variables, e.g. TEAMS_ALLOW_UNAUTHENTICATED or ALERT_POLL_SECONDS. */
  extra?: Record<string, string>;
}

export function simBotEnv(targets: SimTargets, options: SimBotEnvOptions): Record<string, string> {
  return {
    ROLE: options.role,
    HOST: '127.0.0.1',
    PORT: '0',
    REDIS_URL: options.redisUrl,
    QUEUE_PREFIX: options.prefix,
    AZURE_TENANT_ID: targets.tenantId,
    AZURE_CLIENT_ID: DEFAULT_CLIENT_ID,
    AZURE_CLIENT_SECRET: DEFAULT_CLIENT_SECRET,
    AZURE_AUTHORITY_HOST: targets.simUrl,
    DEFENDER_API_URL: targets.simUrl,
    SLACK_SIGNING_SECRET: options.signingSecret,
    SLACK_BOT_TOKEN: options.botToken,
    SLACK_API_URL: targets.slackApiUrl,
    RBAC_FILE: options.rbacFile,
    // The tenant the generated Teams activities come from.
    TEAMS_ALLOWED_TENANTS: TEAMS_TENANT_ID,
    // The generators' few synthetic users stand for a whole SOC; the per-person limit still runs
    // (its Redis round trips are part of what is measured) but never refuses them.
    COMMAND_RATE_PER_MINUTE: '1000000',
    LOG_LEVEL: options.logLevel ?? 'info',
    ...options.extra,
  };
}
