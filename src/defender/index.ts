// The Defender (MDE) API client: typed calls, shared rate budget, error vocabulary.
import type { Redis } from 'ioredis';
import type { Logger } from '../core/logger.js';
import { DefenderClient } from './client.js';
import type { RateFamily } from './endpoints.js';
import { MDE_PUBLISHED_LIMITS, RedisSlidingWindowLimiter, type RateBudget } from './ratelimit.js';
import type { AccessTokenSource } from '../core/tokens.js';
import { DefenderTransport, type CallObservation } from './transport.js';

export { DefenderClient, machineActionPath, machinePath } from './client.js';
export type { AlertQuery, DeclaredCall, ListOptions } from './client.js';
export { ENDPOINTS } from './endpoints.js';
export type { EndpointInfo, EndpointKey, RateFamily } from './endpoints.js';
export { mapMdeFailure, parseRetryAfterMs } from './errors.js';
export type { MdeFailure } from './errors.js';
export { odataAnd, odataDateTime, odataOr, odataString } from './odata.js';
export { ACTION_RESERVE, MDE_PUBLISHED_LIMITS, RedisSlidingWindowLimiter } from './ratelimit.js';
export type {
  CallClass,
  RateAsker,
  RateBudget,
  RateDecision,
  RateLimiterPort,
  RateWindow,
} from './ratelimit.js';
export {
  findMachinesByPrefix,
  resolveMachine,
  MAX_CANDIDATES,
  MAX_SEARCH_RESULTS,
  SEARCH_READ,
} from './resolve.js';
export type { MachineResolution, MachineSearch } from './resolve.js';
export type { AccessTokenSource, TokenContext } from '../core/tokens.js';
export { DefenderTransport } from './transport.js';
export {
  createGraphHuntingClient,
  GRAPH_HUNTING_LIMITS,
  GRAPH_HUNTING_TIMEOUT_MS,
  GRAPH_MAX_ROWS,
  GraphHuntingClient,
  huntingResultSchema,
  mapGraphFailure,
  waitWords,
} from './graph-hunting.js';
export type { GraphHuntingOptions, HuntingResult } from './graph-hunting.js';
export type { CallObservation, TransportOptions } from './transport.js';
export * from './types.js';
export {
  MDE_ISOLATION_TYPE,
  MDE_SCAN_TYPE,
  MDE_SEVERITY,
  meetsThreshold,
  severitiesAtLeast,
  severityRank,
} from './vocabulary.js';

export interface CreateDefenderOptions {
  baseUrl: string;
  tokens: AccessTokenSource;
  /** Shared Redis for the rate budget; without it calls are not paced (tests of the raw client). */
  redis?: Redis;
  prefix?: string;
  /** Override MDE's published budgets (benchmarks scale the windows down in time). */
  budgets?: Partial<Record<RateFamily, RateBudget>>;
  maxBudgetWaitMs?: number;
  observe?: (observation: CallObservation) => void;
  /** Each call at debug level (see DefenderTransport). */
  logger?: Logger;
}

export function defaultBudgets(): Record<RateFamily, RateBudget> {
  return {
    standard: { windows: MDE_PUBLISHED_LIMITS.standard },
    packageUri: { windows: MDE_PUBLISHED_LIMITS.packageUri },
    hunting: { windows: MDE_PUBLISHED_LIMITS.hunting },
    liveResponse: { windows: MDE_PUBLISHED_LIMITS.liveResponse },
  };
}

export function createDefenderClient(options: CreateDefenderOptions): DefenderClient {
  const transport = new DefenderTransport({
    baseUrl: options.baseUrl,
    limiter: options.redis
      ? new RedisSlidingWindowLimiter(options.redis, options.prefix ?? 'defbot')
      : undefined,
    budgets: options.budgets ?? defaultBudgets(),
    maxBudgetWaitMs: options.maxBudgetWaitMs ?? 0,
    observe: options.observe,
    logger: options.logger,
  });
  return new DefenderClient(transport, options.tokens);
}
export {
  ALERT_CLASSIFICATIONS,
  ALERT_ID_PATTERN,
  DETERMINATIONS,
  canonicalDetermination,
  isValidPair,
  TRIAGE_LABELS,
  triageLabel,
  updateAlert,
} from './alert-update.js';
export type { AlertClassification, AlertUpdate } from './alert-update.js';
export {
  fetchScriptResult,
  liveResponseResultLink,
  listLibraryFiles,
  MAX_RESULT_BYTES,
  parseScriptResult,
  runLiveResponseScript,
} from './live-response.js';
export type { LibraryFile, ScriptResult } from './live-response.js';
