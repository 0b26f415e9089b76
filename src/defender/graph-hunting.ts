// Advanced hunting through Microsoft Graph (POST /v1.0/security/runHuntingQuery): its own host and
// token scope (GRAPH_API_URL, GRAPH_SCOPE), paced by the same shared rate budget as MDE's calls with
// Graph's published limit, and failures worded for Graph: its 429s (the call budget, or the tenant's
// CPU quota with its 15-minute cycle), the 3-minute timeout, bad KQL.
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { BotError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { AccessTokenSource } from '../core/tokens.js';
import { ENDPOINTS } from './endpoints.js';
import { parseRetryAfterMs, type MdeFailure } from './errors.js';
import { RedisSlidingWindowLimiter, type RateBudget } from './ratelimit.js';
import { DefenderTransport, type CallObservation } from './transport.js';

/** Graph's published floor for advanced hunting: at least 45 calls per minute per tenant. */
export const GRAPH_HUNTING_LIMITS: RateBudget = {
  windows: [
    { limit: 45, windowMs: 60_000 },
    { limit: 1500, windowMs: 3_600_000 },
  ],
};

/** Graph stops a query after 3 minutes; the bot waits a little longer for its answer. */
export const GRAPH_HUNTING_TIMEOUT_MS = 190_000;
/** Graph returns at most this many rows per query. */
export const GRAPH_MAX_ROWS = 100_000;

export type HuntingCell = string | number | boolean | null;
const toCell = (value: unknown): HuntingCell =>
  value === null || ['string', 'number', 'boolean'].includes(typeof value)
    ? (value as HuntingCell)
    : JSON.stringify(value);
/** A row's cells; dynamic values (objects, arrays) as their JSON text. */
const row = z
  .record(z.string(), z.unknown())
  .transform((cells) => Object.fromEntries(Object.entries(cells).map(([k, v]) => [k, toCell(v)])));
const column = z.union([
  z.object({ name: z.string(), type: z.string() }),
  z.object({ Name: z.string(), Type: z.string() }).transform((c) => ({ name: c.Name, type: c.Type })),
]);

/** Graph documents `name`/`type` in one place and `Name`/`Type` in another: both are read. */
export const huntingResultSchema = z.looseObject({
  schema: z.array(column),
  results: z.array(row),
});
export type HuntingResult = z.infer<typeof huntingResultSchema>;

const graphErrorSchema = z.object({
  error: z.looseObject({ code: z.string().optional(), message: z.string().optional() }),
});

export interface GraphHuntingOptions {
  /** GRAPH_API_URL, e.g. https://graph.microsoft.com */
  baseUrl: string;
  redis?: Redis;
  prefix?: string;
  budget?: RateBudget;
  maxBudgetWaitMs?: number;
  observe?: (observation: CallObservation) => void;
  logger?: Logger;
  timeoutMs?: number;
}

export class GraphHuntingClient {
  constructor(
    private readonly transport: DefenderTransport,
    private readonly tokens: AccessTokenSource,
  ) {}

  get tokenContext() {
    return this.tokens.context;
  }

  /** The same client on another token source (a signed-in user's Graph token). */
  withTokens(tokens: AccessTokenSource): GraphHuntingClient {
    return new GraphHuntingClient(this.transport, tokens);
  }

  async run(query: string, timespan?: string): Promise<HuntingResult> {
    try {
      return await this.transport.call(this.tokens, {
        endpoint: ENDPOINTS.graphRunHuntingQuery,
        method: 'POST',
        path: 'v1.0/security/runHuntingQuery',
        body: { Query: query, ...(timespan ? { Timespan: timespan } : {}) },
        schema: huntingResultSchema,
        callClass: 'read',
      });
    } catch (error) {
      // No answer within Graph's 3 minutes (and a little): running it again would take as long.
      if (error instanceof BotError && isTimeout(error.cause))
        throw new BotError('INVALID_INPUT', TIMEOUT_MESSAGE, { cause: error, details: { timeout: true } });
      throw error;
    }
  }
}

const TIMEOUT_MESSAGE =
  'The hunt ran into Microsoft Graph’s 3-minute limit. Narrow it (fewer hours, one machine) and try again.';

function isTimeout(cause: unknown): boolean {
  return cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError');
}

export function createGraphHuntingClient(
  options: GraphHuntingOptions,
  tokens: AccessTokenSource,
): GraphHuntingClient {
  const transport = new DefenderTransport({
    baseUrl: options.baseUrl,
    limiter: options.redis
      ? new RedisSlidingWindowLimiter(options.redis, options.prefix ?? 'defbot')
      : undefined,
    budgets: {
      standard: GRAPH_HUNTING_LIMITS,
      packageUri: GRAPH_HUNTING_LIMITS,
      hunting: options.budget ?? GRAPH_HUNTING_LIMITS,
    },
    maxBudgetWaitMs: options.maxBudgetWaitMs ?? 0,
    timeoutMs: options.timeoutMs ?? GRAPH_HUNTING_TIMEOUT_MS,
    observe: options.observe,
    logger: options.logger,
    mapFailure: mapGraphFailure,
  });
  return new GraphHuntingClient(transport, tokens);
}

/** Minutes and seconds in plain words: "12 min", "40 s". */
export function waitWords(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return seconds >= 120 ? `${Math.ceil(seconds / 60)} min` : `${seconds} s`;
}

export function mapGraphFailure(failure: MdeFailure): BotError {
  const parsed = graphErrorSchema.safeParse(failure.body);
  const code = parsed.success ? parsed.data.error.code : undefined;
  const message = parsed.success ? parsed.data.error.message : undefined;
  const details = { status: failure.status, graphCode: code, endpoint: failure.endpoint.name };
  const cause = message ?? `HTTP ${failure.status}`;
  const { status } = failure;
  if (status === 429) {
    const retryAfterMs = parseRetryAfterMs(failure.retryAfterHeader);
    const cpu = /cpu/i.test(message ?? '');
    const text = cpu
      ? `Advanced hunting has used up this tenant's CPU quota; Microsoft Graph runs hunts again after its 15-minute cycle, in about ${waitWords(retryAfterMs)}. Nothing was run.`
      : `Microsoft Graph is throttling advanced hunting for this tenant (at least 45 hunts a minute are allowed); try again in ${waitWords(retryAfterMs)}.`;
    // Not retried by the bot: a hunt answered minutes later in chat helps nobody; the person retries.
    return new BotError('THROTTLED', text, { retryAfterMs, details: { ...details, cpuQuota: cpu }, cause });
  }
  if (status === 504 || status === 408)
    return new BotError('INVALID_INPUT', TIMEOUT_MESSAGE, { details, cause });
  if (status >= 500)
    return new BotError(
      'TRANSIENT',
      `Microsoft Graph answered with an error (HTTP ${status}); the bot will retry.`,
      {
        details,
        cause,
      },
    );
  if (status === 401)
    return new BotError(
      'UNAUTHORIZED',
      'Microsoft Graph refused the bot’s token. An admin should check GRAPH_SCOPE and the app registration.',
      {
        details,
        cause,
      },
    );
  if (status === 403) {
    const text =
      failure.context === 'user'
        ? 'Microsoft Graph refused: your account lacks ThreatHunting.Read.All (delegated) for the bot, or Defender denies you advanced hunting. Sign in again after an admin consents.'
        : 'Microsoft Graph refused: the bot’s app registration lacks the application permission ThreatHunting.Read.All. An admin must grant it (with admin consent).';
    return new BotError('FORBIDDEN', text, {
      details: { ...details, permission: 'ThreatHunting.Read.All' },
      cause,
    });
  }
  return new BotError(
    'INVALID_INPUT',
    `Microsoft Graph did not run the query: ${message ?? `HTTP ${status}`}`,
    {
      details,
      cause,
    },
  );
}
