// Prometheus metrics: one registry for the process (with Node's default process metrics) and the
// named metric objects the rest of the code increments. Label values must stay low-cardinality:
// route templates such as "machines/{id}/isolate", never raw ids, names or user input.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const PREFIX = 'defbot_';

/** Creates every metric of the bot on `registry`; tests may pass a fresh registry to read values in isolation. */
export function createMetrics(registry: Registry) {
  const registers = [registry];
  return {
    /** One per chat command handled; outcome e.g. ok | denied | failed | needs_approval. */
    commandsTotal: new Counter({
      name: `${PREFIX}commands_total`,
      help: 'Chat commands handled',
      labelNames: ['verb', 'outcome'] as const,
      registers,
    }),
    /** Authorization refusals, by command verb. */
    authzDenialsTotal: new Counter({
      name: `${PREFIX}authz_denials_total`,
      help: 'Commands refused by authorization',
      labelNames: ['verb'] as const,
      registers,
    }),
    /** Approval decisions; outcome e.g. requested | approved | rejected | expired | self_approval_refused. */
    approvalsTotal: new Counter({
      name: `${PREFIX}approvals_total`,
      help: 'Approval requests and decisions',
      labelNames: ['outcome'] as const,
      registers,
    }),
    /** MDE API calls by endpoint template and HTTP status (or "network" when no response came). */
    mdeRequestsTotal: new Counter({
      name: `${PREFIX}mde_requests_total`,
      help: 'Calls to the MDE API',
      labelNames: ['endpoint', 'status'] as const,
      registers,
    }),
    mdeRequestDuration: new Histogram({
      name: `${PREFIX}mde_request_duration_seconds`,
      help: 'Latency of MDE API calls',
      labelNames: ['endpoint'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    /** MDE answered 429 (its rate limits are per app: 100/min, 1,500/h for actions). */
    mdeThrottledTotal: new Counter({
      name: `${PREFIX}mde_throttled_total`,
      help: 'MDE 429 responses',
      labelNames: ['endpoint'] as const,
      registers,
    }),
    /** Token acquisitions by context: app | user. */
    tokenAcquisitionsTotal: new Counter({
      name: `${PREFIX}token_acquisitions_total`,
      help: 'Entra ID token acquisitions',
      labelNames: ['context'] as const,
      registers,
    }),
    /** Finished jobs by queue (defender | notify | alerts) and outcome (completed | failed | retried). */
    jobsTotal: new Counter({
      name: `${PREFIX}jobs_total`,
      help: 'Queue jobs processed',
      labelNames: ['queue', 'outcome'] as const,
      registers,
    }),
    jobDuration: new Histogram({
      name: `${PREFIX}job_duration_seconds`,
      help: 'Time a job spent in the worker',
      labelNames: ['queue'] as const,
      buckets: [0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    /** Chat posts/updates by platform (slack | teams) and outcome (sent | failed). */
    notificationsTotal: new Counter({
      name: `${PREFIX}notifications_total`,
      help: 'Chat messages posted or updated',
      labelNames: ['platform', 'outcome'] as const,
      registers,
    }),
    /**
     * Requests refused because they came from another organisation: platform (slack | teams) and
     * kind (activity type, or command | action | event). Never the foreign id itself (cardinality).
     */
    foreignRefusalsTotal: new Counter({
      name: `${PREFIX}foreign_refusals_total`,
      help: 'Chat requests refused because their tenant or workspace is not allowed',
      labelNames: ['platform', 'kind'] as const,
      registers,
    }),
    /** Commands refused because the person sent more than COMMAND_RATE_PER_MINUTE. */
    commandsRateLimitedTotal: new Counter({
      name: `${PREFIX}commands_rate_limited_total`,
      help: 'Chat commands refused by the per-person rate limit',
      labelNames: ['platform'] as const,
      registers,
    }),
    /** Platform directory look-ups (Slack users.info, Bot Connector member): outcome cached | fetched | failed. */
    identityLookupsTotal: new Counter({
      name: `${PREFIX}identity_lookups_total`,
      help: 'Chat user identity look-ups',
      labelNames: ['platform', 'outcome'] as const,
      registers,
    }),
    /** Redelivered platform requests (Slack retries, re-sent Teams activities) answered without running again. */
    redeliveriesTotal: new Counter({
      name: `${PREFIX}redeliveries_total`,
      help: 'Platform redeliveries recognised and not run twice',
      labelNames: ['platform'] as const,
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** A registry with Node's default process metrics (CPU, memory, event loop lag, GC) and every bot metric. */
export function createMetricsRegistry(): { registry: Registry; metrics: Metrics } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return { registry, metrics: createMetrics(registry) };
}

/** The process-wide registry served at /metrics, and its metrics. */
export const { registry, metrics } = createMetricsRegistry();
export const {
  commandsTotal,
  authzDenialsTotal,
  approvalsTotal,
  mdeRequestsTotal,
  mdeRequestDuration,
  mdeThrottledTotal,
  tokenAcquisitionsTotal,
  jobsTotal,
  jobDuration,
  notificationsTotal,
  foreignRefusalsTotal,
  commandsRateLimitedTotal,
  identityLookupsTotal,
  redeliveriesTotal,
} = metrics;
export type { Registry } from 'prom-client';
