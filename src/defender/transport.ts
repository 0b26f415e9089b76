// One MDE HTTP call: budget, bearer token, one refresh after a 401, error mapping, response
// validation, an observation for metrics and a debug line. Everything above it deals in typed values.
import type { z } from 'zod';
import { currentCorrelationId } from '../core/correlation.js';
import { BotError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { EndpointInfo, RateFamily } from './endpoints.js';
import { mapMdeFailure, type MdeFailure } from './errors.js';
import {
  ACTION_RESERVE,
  MDE_PUBLISHED_LIMITS,
  type CallClass,
  type RateBudget,
  type RateLimiterPort,
} from './ratelimit.js';
import type { AccessTokenSource } from '../core/tokens.js';

export interface CallObservation {
  endpoint: string;
  /** HTTP status, or 0 for a network failure. */
  status: number;
  durationMs: number;
}

export interface TransportOptions {
  /** API base without `/api`, e.g. https://api.securitycenter.microsoft.com */
  baseUrl: string;
  limiter?: RateLimiterPort | undefined;
  /** Per family; a family left out keeps MDE's published budget. */
  budgets?: Partial<Record<RateFamily, RateBudget>> | undefined;
  /** How long a call may wait for budget before failing as THROTTLED (0: never wait). */
  maxBudgetWaitMs?: number;
  timeoutMs?: number;
  observe?: (observation: CallObservation) => void;
  /** One debug line per call: method, path (never the query, never a header), status, duration. */
  logger?: Logger | undefined;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Turns an HTTP failure into a BotError; default MDE's wording (Graph has its own). */
  mapFailure?: (failure: MdeFailure) => BotError;
}

export interface CallSpec<T> {
  endpoint: EndpointInfo;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path under the base, or an absolute URL on the same host (an @odata.nextLink). */
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  schema: z.ZodType<T>;
  /** Said by the caller, who knows: part of a machine action, or a read (see CallClass). */
  callClass: CallClass;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const noAnswerToRecord = (): Promise<void> => Promise.resolve();
const DEFAULT_TIMEOUT_MS = 30_000;

export class DefenderTransport {
  private readonly base: URL;

  constructor(private readonly options: TransportOptions) {
    this.base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
  }

  async call<T>(tokens: AccessTokenSource, spec: CallSpec<T>): Promise<T> {
    const url = this.resolveUrl(spec);
    let response = await this.send(tokens, spec, url, false);
    if (response.status === 401) {
      // An expired or revoked token: refresh once, then let a second 401 stand.
      await response.body?.cancel();
      response = await this.send(tokens, spec, url, true);
    }
    const body = await readBody(response);
    if (!response.ok) {
      throw (this.options.mapFailure ?? mapMdeFailure)({
        status: response.status,
        body,
        retryAfterHeader: response.headers.get('retry-after'),
        endpoint: spec.endpoint,
        context: tokens.context,
      });
    }
    const parsed = spec.schema.safeParse(body);
    if (!parsed.success) {
      throw new BotError('TRANSIENT', 'Defender sent an answer the bot could not read; it will retry.', {
        cause: parsed.error,
        details: { endpoint: spec.endpoint.name, status: response.status },
      });
    }
    return parsed.data;
  }

  private resolveUrl(spec: CallSpec<unknown>): URL {
    const url = new URL(spec.path.replace(/^\//, ''), this.base);
    if (url.origin !== this.base.origin) {
      // A nextLink pointing elsewhere must never receive our bearer token.
      throw new BotError(
        'INVALID_INPUT',
        'Defender returned a paging link to another host; refusing to follow it.',
        {
          details: { host: url.host },
        },
      );
    }
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, value);
    }
    return url;
  }

  /** Waits for budget (up to maxBudgetWaitMs); returns what to call once MDE has answered. */
  private async takeBudget(endpoint: EndpointInfo, callClass: CallClass): Promise<() => Promise<void>> {
    const { limiter, budgets } = this.options;
    if (!limiter || !budgets) return noAnswerToRecord;
    const budget = budgetOf(
      budgets[endpoint.family] ?? { windows: MDE_PUBLISHED_LIMITS[endpoint.family] },
      endpoint,
    );
    const key = `mde:${endpoint.name}`;
    const maxWait = this.options.maxBudgetWaitMs ?? 0;
    const sleep = this.options.sleep ?? defaultSleep;
    const started = Date.now();
    for (;;) {
      // The job's correlation id names it in the budget's line, so it keeps its turn across retries.
      const decision = await limiter.tryAcquire(key, budget, this.timeoutMs, {
        caller: currentCorrelationId(),
        callClass,
      });
      if ('grant' in decision) {
        // If Redis cannot take the answer time, the call stays counted until the latest moment it
        // could have arrived: pacing errs on the slow side, the MDE call itself is unaffected.
        return () => limiter.answered(key, budget, decision.grant).catch(() => undefined);
      }
      this.options.logger?.debug(
        { endpoint: endpoint.name, callClass, waitMs: decision.waitMs },
        'mde budget spent; waiting',
      );
      if (Date.now() - started + decision.waitMs > maxWait) {
        throw new BotError(
          'THROTTLED',
          `The bot is pacing its Defender calls; try again in ${Math.ceil(decision.waitMs / 1000)} s.`,
          {
            retryAfterMs: decision.waitMs,
            details: { endpoint: endpoint.name, local: true },
          },
        );
      }
      await sleep(decision.waitMs);
    }
  }

  private get timeoutMs(): number {
    return this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  private async send(tokens: AccessTokenSource, spec: CallSpec<unknown>, url: URL, forceRefresh: boolean) {
    const token = await tokens.getToken({ forceRefresh });
    // Budget is taken last, right before the request leaves, so a token request in between does not
    // count against the call's window.
    const answered = await this.takeBudget(spec.endpoint, spec.callClass);
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (spec.body !== undefined) headers['content-type'] = 'application/json';
    const started = performance.now();
    const doFetch = this.options.fetch ?? fetch;
    try {
      const response = await doFetch(url, {
        method: spec.method,
        headers,
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      this.observe(spec, url, tokens, forceRefresh, response.status, performance.now() - started);
      return response;
    } catch (cause) {
      this.observe(spec, url, tokens, forceRefresh, 0, performance.now() - started, cause);
      throw new BotError('TRANSIENT', 'Defender could not be reached; the bot will retry.', {
        cause,
        details: { endpoint: spec.endpoint.name },
      });
    } finally {
      await answered();
    }
  }

  private observe(
    spec: CallSpec<unknown>,
    url: URL,
    tokens: AccessTokenSource,
    retried: boolean,
    status: number,
    durationMs: number,
    cause?: unknown,
  ) {
    this.options.observe?.({ endpoint: spec.endpoint.name, status, durationMs });
    // The path only: a query may hold a paging token, and headers (the bearer token) are never logged.
    this.options.logger?.debug(
      {
        method: spec.method,
        path: url.pathname,
        endpoint: spec.endpoint.name,
        status,
        durationMs: Math.round(durationMs),
        tokenContext: tokens.context,
        ...(retried ? { retriedWithFreshToken: true } : {}),
        ...(cause === undefined ? {} : { error: errorCode(cause) }),
      },
      'mde call',
    );
  }
}

/** An API machine actions share with reads keeps their reserve (the budget's own, else ACTION_RESERVE). */
function budgetOf(family: RateBudget, endpoint: EndpointInfo): RateBudget {
  if (!endpoint.sharedWithActions) return family;
  return { ...family, actionReserve: family.actionReserve ?? ACTION_RESERVE };
}

/** A network failure's code (ECONNREFUSED, a timeout), not its message, which may echo the URL. */
function errorCode(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return code;
  return cause instanceof Error ? cause.name : 'unknown';
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
