// The environment table of DESIGN.md section 3 as zod schemas: one schema per variable, defaults
// exactly as documented. Cross-field rules live in ./rules.ts.
import { z } from 'zod';
import {
  booleanFlag,
  encryptionKey,
  hostName,
  integerBetween,
  metricsToken,
  oneOf,
  optionalText,
  optionalWord,
  queuePrefix,
  redisUrl,
  slackTeamList,
  tenantIdList,
  webUrl,
} from './values.js';

export const ENV_DEFAULTS = {
  REDIS_URL: 'redis://127.0.0.1:6379',
  QUEUE_PREFIX: 'defbot',
  AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.com',
  DEFENDER_API_URL: 'https://api.security.microsoft.com',
  DEFENDER_SCOPE: 'https://api.securitycenter.microsoft.com/.default',
  SLACK_API_URL: 'https://slack.com/api/',
  GRAPH_API_URL: 'https://graph.microsoft.com',
  GRAPH_SCOPE: 'https://graph.microsoft.com/.default',
  MICROSOFT_APP_TYPE: 'MultiTenant',
  TEAMS_ALLOW_UNAUTHENTICATED: 'false',
  ALERT_POLL_SECONDS: '60',
  ALERT_DIGEST_THRESHOLD: '10',
  LOG_LEVEL: 'info',
  PORT: '3978',
  HOST: '0.0.0.0',
  ROLE: 'all',
  COMMAND_RATE_PER_MINUTE: '30',
} as const;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const tenantId = optionalWord.refine(
  (v) =>
    v === undefined ||
    (!v.includes('/') && !['common', 'organizations', 'consumers'].includes(v.toLowerCase())),
  'must be your tenant id (a GUID) or primary domain; common/organizations/consumers cannot be used with client credentials',
);

function tokenWithPrefix(prefix: string, what: string) {
  return z
    .string()
    .refine((v) => v.startsWith(prefix) && /^\S+$/.test(v), `must be the ${what} (it starts with ${prefix})`)
    .optional();
}

export const envFields = {
  REDIS_URL: redisUrl,
  QUEUE_PREFIX: queuePrefix,
  AZURE_TENANT_ID: tenantId,
  AZURE_CLIENT_ID: optionalWord,
  AZURE_CLIENT_SECRET: optionalText,
  AZURE_CLIENT_CERTIFICATE_PATH: optionalText,
  AZURE_AUTHORITY_HOST: webUrl({ httpOnLoopback: false }),
  DEFENDER_API_URL: webUrl({ httpOnLoopback: false }),
  DEFENDER_SCOPE: z
    .string()
    .regex(
      /^\S+\/\.default$/,
      'must be the resource followed by /.default, e.g. https://api.securitycenter.microsoft.com/.default',
    ),
  SLACK_SIGNING_SECRET: optionalWord,
  SLACK_BOT_TOKEN: tokenWithPrefix('xoxb-', "app's bot token"),
  SLACK_API_URL: webUrl({ httpOnLoopback: true }).transform((url) => `${url}/`),
  GRAPH_API_URL: webUrl({ httpOnLoopback: false }),
  GRAPH_SCOPE: z
    .string()
    .regex(
      /^\S+\/\.default$/,
      'must be the Graph resource followed by /.default, e.g. https://graph.microsoft.com/.default',
    ),
  HUNTS_FILE: optionalText,
  SLACK_APP_TOKEN: tokenWithPrefix('xapp-', 'app-level token with the connections:write scope'),
  MICROSOFT_APP_ID: optionalWord,
  MICROSOFT_APP_PASSWORD: optionalText,
  MICROSOFT_APP_TENANT_ID: optionalWord,
  MICROSOFT_APP_TYPE: oneOf(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']),
  TEAMS_ALLOW_UNAUTHENTICATED: booleanFlag,
  TEAMS_ALLOWED_TENANTS: tenantIdList,
  SLACK_ALLOWED_TEAMS: slackTeamList,
  RBAC_FILE: optionalText,
  PUBLIC_URL: webUrl({ httpOnLoopback: true }).optional(),
  ALERT_POLL_SECONDS: integerBetween(5, 86_400),
  ALERT_DIGEST_THRESHOLD: integerBetween(1, 1_000),
  TOKEN_ENCRYPTION_KEY: encryptionKey.optional(),
  LOG_LEVEL: oneOf(LOG_LEVELS),
  PORT: integerBetween(0, 65_535),
  HOST: hostName,
  ROLE: oneOf(['web', 'worker', 'all']),
  METRICS_PORT: integerBetween(1, 65_535).optional(),
  METRICS_TOKEN: metricsToken,
  COMMAND_RATE_PER_MINUTE: integerBetween(1, 1_000_000),
};

export type EnvName = keyof typeof envFields;
export type Env = z.output<z.ZodObject<typeof envFields>>;

export interface ParsedEnv {
  /** Every variable parsed; a variable that failed holds its default (or undefined) instead. */
  env: Env;
  /** Variables that failed, so cross-field rules about them stay quiet rather than guess. */
  failed: ReadonlySet<EnvName>;
  problems: string[];
}

const envNames = Object.keys(envFields) as EnvName[];
const envSchema = z.object(envFields);

/** Trimmed values; empty means unset (docker-compose `FOO=`), then the documented defaults. */
function readVariables(
  source: NodeJS.ProcessEnv,
  skip: ReadonlySet<EnvName>,
): Record<string, string | undefined> {
  const values: Record<string, string | undefined> = {};
  for (const name of envNames) {
    const raw = skip.has(name) ? undefined : source[name]?.trim();
    values[name] = raw === undefined || raw === '' ? (ENV_DEFAULTS as Record<string, string>)[name] : raw;
  }
  return values;
}

export function parseEnv(source: NodeJS.ProcessEnv): ParsedEnv {
  const first = envSchema.safeParse(readVariables(source, new Set()));
  if (first.success) return { env: first.data, failed: new Set(), problems: [] };
  const problems = first.error.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`);
  const failed = new Set(first.error.issues.map((issue) => issue.path[0] as EnvName));
  // Parse again without the broken variables so the cross-field rules can still report everything else.
  return { env: envSchema.parse(readVariables(source, failed)), failed, problems: [...new Set(problems)] };
}
