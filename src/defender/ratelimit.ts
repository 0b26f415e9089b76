// A rate budget shared by every bot process through Redis, set a little under MDE's published limits.
//
// Why a sliding-window log instead of rate-limiter-flexible's fixed windows: with fixed windows a
// full budget at the end of one window plus a full budget at the start of the next puts twice the
// limit inside one trailing minute, which a sliding counter on MDE's side answers with 429s. The log
// (a sorted set of grant times per window, checked and written in one Lua script on Redis's clock)
// never admits more than the limit in any trailing window, across processes and hosts.
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';

export interface RateWindow {
  limit: number;
  windowMs: number;
}

export interface RateBudget {
  windows: readonly RateWindow[];
}

export interface RateLimiterPort {
  /** Takes one call from the budget for `key`; resolves to 0 when granted, else ms until one frees up. */
  tryAcquire(key: string, budget: RateBudget): Promise<number>;
}

// KEYS: one zset per window. ARGV: member, then limit and windowMs per window.
// Returns 0 when granted (and records the grant in every window), else the ms to wait.
const SLIDING_LOG = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local wait = 0
for i, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[2 * i])
  local window = tonumber(ARGV[2 * i + 1])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local count = redis.call('ZCARD', key)
  if count >= limit then
    local oldest = redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')
    local w = tonumber(oldest[2]) + window - now + 1
    if w > wait then wait = w end
  end
end
if wait > 0 then return wait end
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, ARGV[1] .. ':' .. now)
  redis.call('PEXPIRE', key, tonumber(ARGV[2 * i + 1]))
end
return 0
`;

export class RedisSlidingWindowLimiter implements RateLimiterPort {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async tryAcquire(key: string, budget: RateBudget): Promise<number> {
    const keys = budget.windows.map((w) => `${this.prefix}:ratelimit:${key}:${w.windowMs}`);
    const args = [randomUUID(), ...budget.windows.flatMap((w) => [String(w.limit), String(w.windowMs)])];
    const result = await this.redis.eval(SLIDING_LOG, keys.length, ...keys, ...args);
    return Number(result);
  }
}

/** MDE's published budgets (reference: mde-api.md section 2). */
export const MDE_PUBLISHED_LIMITS = {
  standard: [
    { limit: 100, windowMs: 60_000 },
    { limit: 1500, windowMs: 3_600_000 },
  ],
  packageUri: [
    { limit: 2, windowMs: 60_000 },
    { limit: 120, windowMs: 3_600_000 },
  ],
  hunting: [
    { limit: 45, windowMs: 60_000 },
    { limit: 1500, windowMs: 3_600_000 },
  ],
} as const satisfies Record<string, readonly RateWindow[]>;

/**
 * Our budget: a safety margin under each published limit (at least one call below it), over a window
 * a little longer than MDE's. A call is counted here when granted but by MDE when it arrives, and the
 * time in between varies (connection setup, load): two calls granted one window apart may land closer
 * than that, so the window is padded by the larger of `margin` of it and `padMs`.
 */
export function underPublished(windows: readonly RateWindow[], margin = 0.03, padMs = 1000): RateBudget {
  return {
    windows: windows.map((w) => ({
      limit: Math.max(1, Math.min(w.limit - 1, Math.floor(w.limit * (1 - margin)))),
      windowMs: w.windowMs + Math.max(padMs, Math.ceil(w.windowMs * margin)),
    })),
  };
}
