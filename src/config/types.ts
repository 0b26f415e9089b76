// The validated, frozen shape of the bot's configuration (DESIGN.md section 3).
// Parsing lives in ./env.ts and ./rbac.ts; everything else only reads these types.
import type { NeverBlockEntry } from '../core/indicators.js';
import type { HuntCatalogue } from './hunts.js';

export type Role = 'web' | 'worker' | 'all';
export type MicrosoftAppType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
export type ChatRole = 'viewer' | 'responder' | 'approver' | 'admin';
export type UserContextMode = 'optional' | 'required' | 'off';

export type AzureCredential =
  { kind: 'secret'; clientSecret: string } | { kind: 'certificate'; certificatePath: string };

export interface AzureConfig {
  tenantId: string;
  clientId: string;
  credential: AzureCredential;
  /** e.g. https://login.microsoftonline.com (no trailing slash). */
  authorityHost: string;
}

export interface SlackConfig {
  signingSecret: string;
  botToken: string;
  /** Web API base, ending in a slash. */
  apiUrl: string;
  /** Set when Socket Mode is used instead of HTTP. */
  appToken: string | undefined;
  /**
   * SLACK_ALLOWED_TEAMS: the workspaces (T…) and Enterprise Grid organisations (E…) whose requests are
   * served; undefined means "the team of SLACK_BOT_TOKEN", learned from auth.test at start.
   */
  allowedTeams: readonly string[] | undefined;
}

export interface TeamsConfig {
  appId: string | undefined;
  appPassword: string | undefined;
  appTenantId: string | undefined;
  appType: MicrosoftAppType;
  allowUnauthenticated: boolean;
  /** TEAMS_ALLOWED_TENANTS (lower case): activities from any other Entra tenant are refused. */
  allowedTenants: readonly string[];
}

export interface RbacConfig {
  /** Identities per role as written in the file: "slack:U123", "teams:29:...", "aad:<oid>", "email:a@b", "slack:*". */
  roles: Readonly<Record<ChatRole, readonly string[]>>;
  userContext: UserContextMode;
  /** `actions` absent: every verb the command registry declares approvable waits for an approval. */
  approvals: { ttlMinutes: number; actions?: readonly string[] | undefined };
  /** Values `block` refuses before any approval (domains with their subdomains, CIDR ranges, hashes); absent: none. */
  neverBlock?: readonly NeverBlockEntry[] | undefined;
  /** `indicators.expireDays`: a `block`'s expiry unless it says `for <N>d`; absent: 30 days. */
  indicators?: { expireDays: number } | undefined;
  /** `liveResponse.scripts`: the only library scripts `run` may start; absent: none (run refuses). */
  liveResponse?: { scripts: readonly string[] } | undefined;
  /** `hunting.kqlRole`: who may run free KQL (`hunt kql …`); absent: responder. */
  hunting?: { kqlRole: ChatRole } | undefined;
}

export interface Config {
  role: Role;
  host: string;
  port: number;
  redisUrl: string;
  queuePrefix: string;
  /** Absent when the Entra app registration is not configured (MDE features then unavailable). */
  azure: AzureConfig | undefined;
  defenderApiUrl: string;
  defenderScope: string;
  /** GRAPH_API_URL (no trailing slash). */
  graphApiUrl: string;
  /** GRAPH_SCOPE: the Graph resource's `/.default` scope (sovereign clouds have their own). */
  graphScope: string;
  /** The named hunts of HUNTS_FILE (empty without it). */
  hunts: HuntCatalogue;
  huntsFile: string | undefined;
  slack: SlackConfig | undefined;
  teams: TeamsConfig;
  rbac: RbacConfig;
  rbacFile: string | undefined;
  publicUrl: string | undefined;
  alertPollSeconds: number;
  alertDigestThreshold: number;
  /** 32 raw bytes decoded from TOKEN_ENCRYPTION_KEY. */
  tokenEncryptionKey: Buffer | undefined;
  logLevel: string;
  /** Where /metrics is served: its own port (METRICS_PORT) or the chat port, behind METRICS_TOKEN when set. */
  metrics: MetricsConfig;
  /** COMMAND_RATE_PER_MINUTE: commands one person (all their chat accounts together) may send per minute. */
  commandRatePerMinute: number;
}

export interface MetricsConfig {
  port: number | undefined;
  token: string | undefined;
}
