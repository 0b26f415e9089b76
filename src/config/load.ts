// Builds the frozen Config from the environment and the RBAC file, collecting every problem
// before failing so one boot shows them all.
import { buildAzure } from './azure.js';
import { parseEnv, type Env } from './env.js';
import { ConfigError } from './errors.js';
import { deepFreeze } from './freeze.js';
import { loadHuntsFile } from './hunts.js';
import { EMPTY_RBAC, loadRbacFile } from './rbac.js';
import { checkEnvRules, checkUserContextRules } from './rules.js';
import { allowedTenants } from './tenants.js';
import type { Config, SlackConfig, TeamsConfig } from './types.js';

function buildSlack(env: Env): SlackConfig | undefined {
  if (!env.SLACK_SIGNING_SECRET || !env.SLACK_BOT_TOKEN) return undefined;
  return {
    signingSecret: env.SLACK_SIGNING_SECRET,
    botToken: env.SLACK_BOT_TOKEN,
    apiUrl: env.SLACK_API_URL,
    appToken: env.SLACK_APP_TOKEN,
    allowedTeams: env.SLACK_ALLOWED_TEAMS,
  };
}

function buildTeams(env: Env): TeamsConfig {
  return {
    appId: env.MICROSOFT_APP_ID,
    appPassword: env.MICROSOFT_APP_PASSWORD,
    appTenantId: env.MICROSOFT_APP_TENANT_ID,
    appType: env.MICROSOFT_APP_TYPE,
    allowUnauthenticated: env.TEAMS_ALLOW_UNAUTHENTICATED,
    allowedTenants: allowedTenants(env),
  };
}

export interface LoadOptions {
  /** The verbs the command registry declares approvable: `approvals.actions` must name only those. */
  approvableVerbs?: readonly string[];
}

/** Parses and checks everything; throws ConfigError listing every problem, one line each. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env, options: LoadOptions = {}): Config {
  const { env, failed, problems } = parseEnv(source);
  problems.push(...checkEnvRules(env, failed));
  const { azure, problems: azureProblems } = buildAzure(env);
  problems.push(...azureProblems);
  const { rbac, problems: rbacProblems } = env.RBAC_FILE
    ? loadRbacFile(env.RBAC_FILE, options.approvableVerbs)
    : { rbac: EMPTY_RBAC, problems: [] };
  problems.push(...rbacProblems, ...checkUserContextRules(env, rbac.userContext, failed));
  const { hunts, problems: huntProblems } = env.HUNTS_FILE
    ? loadHuntsFile(env.HUNTS_FILE)
    : { hunts: [], problems: [] };
  problems.push(...huntProblems);
  if (problems.length > 0) throw new ConfigError(problems);

  return deepFreeze<Config>({
    role: env.ROLE,
    host: env.HOST,
    port: env.PORT,
    redisUrl: env.REDIS_URL,
    queuePrefix: env.QUEUE_PREFIX,
    azure,
    defenderApiUrl: env.DEFENDER_API_URL,
    defenderScope: env.DEFENDER_SCOPE,
    graphApiUrl: env.GRAPH_API_URL,
    graphScope: env.GRAPH_SCOPE,
    hunts,
    huntsFile: env.HUNTS_FILE,
    slack: buildSlack(env),
    teams: buildTeams(env),
    rbac,
    rbacFile: env.RBAC_FILE,
    publicUrl: env.PUBLIC_URL,
    alertPollSeconds: env.ALERT_POLL_SECONDS,
    alertDigestThreshold: env.ALERT_DIGEST_THRESHOLD,
    tokenEncryptionKey: env.TOKEN_ENCRYPTION_KEY,
    logLevel: env.LOG_LEVEL,
    metrics: { port: env.METRICS_PORT, token: env.METRICS_TOKEN },
    commandRatePerMinute: env.COMMAND_RATE_PER_MINUTE,
  });
}
