// A rate budget shared by every bot process through Redis, held to MDE's published limits.
//
// Why a sliding-window log instead of rate-limiter-flexible's fixed windows: with fixed windows a
// full budget at the end of one window plus a full budget at the start of the next puts twice the
// limit inside one trailing minute, which a sliding counter on MDE's side answers with 429s. The log
// (a sorted set per window, checked and written in one Lua script on Redis's clock) never admits
// more than the limit in any trailing window, across processes and hosts.
//
// Why no safety margin is needed: MDE counts a call when it arrives, which we cannot see, but it
// lies between our grant and MDE's answer. So each call is logged at the latest moment it can arrive:
// first its grant time plus the request timeout (it may still be in flight), then, once answered, the
// answer time. Every call MDE could count in any trailing window is then in our log's window too, so
// the full published limit can be used without a 429, and a call costs its window plus only its own
// round trip rather than a fixed pad.
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';

export interface RateWindow {
  limit: number;
  windowMs: number;
}

export interface RateBudget {
  windows: readonly RateWindow[];
}

/** Granted: `grant` names the call for `answered`. Refused: how long until one may be granted. */
export type RateDecision = { grant: string } | { waitMs: number };

export interface RateLimiterPort {
  /**
   * Takes one call from the budget for `key`, counted as arriving as late as `inFlightMs` from now
   * until `answered` says otherwise.
   */
  tryAcquire(key: string, budget: RateBudget, inFlightMs: number): Promise<RateDecision>;
  /** The call was answered (or failed): it arrived by now, so its window starts no later than now. */
  answered(key: string, budget: RateBudget, grant: string): Promise<void>;
}

// KEYS: one zset per window. ARGV: member, inFlightMs, then limit and windowMs per window.
// Returns 0 when granted (and records the call in every window), else the ms to wait.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local inflight = tonumber(ARGV[2])
local wait = 0
for i, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[2 * i + 1])
  local window = tonumber(ARGV[2 * i + 2])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local count = redis.call('ZCARD', key)
  if count >= limit then
    local blocking = tonumber(redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')[2])
    -- A call still in flight will be answered no earlier than now: its window ends a window from now at the earliest.
    local w = math.min(blocking, now) + window - now + 1
    if w > wait then wait = w end
  end
end
if wait > 0 then return wait end
for i, key in ipairs(KEYS) do
  local window = tonumber(ARGV[2 * i + 2])
  redis.call('ZADD', key, now + inflight, ARGV[1])
  redis.call('PEXPIRE', key, window + inflight)
end
return 0
`;

// KEYS: one zset per window. ARGV: member. Moves the call to now if it is still logged later than
// that (never later: a late "answered" must not extend its own window). ZSCORE + ZADD rather than
// ZADD LT, which Redis before 6.2 (still offered by managed services) does not know.
const ANSWERED = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i, key in ipairs(KEYS) do
  local logged = redis.call('ZSCORE', key, ARGV[1])
  if logged and tonumber(logged) > now then redis.call('ZADD', key, now, ARGV[1]) end
end
return 0
`;

export class RedisSlidingWindowLimiter implements RateLimiterPort {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private keys(key: string, budget: RateBudget): string[] {
    return budget.windows.map((w) => `${this.prefix}:ratelimit:${key}:${w.windowMs}`);
  }

  async tryAcquire(key: string, budget: RateBudget, inFlightMs: number): Promise<RateDecision> {
    const keys = this.keys(key, budget);
    const grant = randomUUID();
    const args = [grant, String(Math.max(0, Math.ceil(inFlightMs))), ...budget.windows.flatMap((w) => [String(w.limit), String(w.windowMs)])];
    const waitMs = Number(await this.redis.eval(ACQUIRE, keys.length, ...keys, ...args));
    return waitMs > 0 ? { waitMs } : { grant };
  }

  async answered(key: string, budget: RateBudget, grant: string): Promise<void> {
    const keys = this.keys(key, budget);
    await this.redis.eval(ANSWERED, keys.length, ...keys, grant);
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
