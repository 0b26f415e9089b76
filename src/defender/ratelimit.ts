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
   * until `answered` says otherwise. `caller` names who asks (e.g. the job's correlation id): a
   * refused caller is given a turn, and keeps it when it asks again under the same name.
   */
  tryAcquire(key: string, budget: RateBudget, inFlightMs: number, caller?: string): Promise<RateDecision>;
  /** The call was answered (or failed): it arrived by now, so its window starts no later than now. */
  answered(key: string, budget: RateBudget, grant: string): Promise<void>;
}

// KEYS: one zset per window, then the line of refused callers (member: caller, score: their turn).
// ARGV: member, inFlightMs, caller ('' for none), grace ms, then limit and windowMs per window.
// Returns 0 when granted (and records the call in every window), else the ms to wait.
//
// Why a line: told only "when the oldest call leaves the window", every refused caller would come
// back at the same moment, so a backlog of N jobs wakes together for each freed slot and N-1 are
// refused again — N Redis round trips per slot. Instead the k-th caller in line is told when the
// k-th slot frees (a window later per full round of the limit), and a slot whose turn has come is
// held for its caller for `grace`, so a newcomer cannot take it: each waiting job comes back about
// once, in the order it asked. A turn not taken within the grace is given up (its job went away).
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local inflight = tonumber(ARGV[2])
local caller = ARGV[3]
local grace = tonumber(ARGV[4])
local line = KEYS[#KEYS]
redis.call('ZREMRANGEBYSCORE', line, '-inf', now - grace - 1)
local mine = nil
if caller ~= '' then
  local score = redis.call('ZSCORE', line, caller)
  if score then mine = tonumber(score) end
end
-- Slots whose turn has come are held for their callers; the caller's own due turn is its own.
local held = redis.call('ZCOUNT', line, '-inf', now)
if mine and mine <= now then held = held - 1 end
local granted = true
for i = 1, #KEYS - 1 do
  local key = KEYS[i]
  local limit = tonumber(ARGV[2 * i + 3])
  local window = tonumber(ARGV[2 * i + 4])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  if redis.call('ZCARD', key) + held >= limit then granted = false end
end
if granted then
  for i = 1, #KEYS - 1 do
    local window = tonumber(ARGV[2 * i + 4])
    redis.call('ZADD', KEYS[i], now + inflight, ARGV[1])
    redis.call('PEXPIRE', KEYS[i], window + inflight)
  end
  if mine then redis.call('ZREM', line, caller) end
  return 0
end
-- An early caller keeps its turn.
if mine and mine > now then return mine - now end
-- Otherwise: its place is behind everyone in line (a due caller without a slot keeps its place).
local place = redis.call('ZCARD', line)
if mine then place = redis.call('ZCOUNT', line, '-inf', '(' .. mine) end
local turn = now + 1
for i = 1, #KEYS - 1 do
  local key = KEYS[i]
  local limit = tonumber(ARGV[2 * i + 3])
  local window = tonumber(ARGV[2 * i + 4])
  local count = redis.call('ZCARD', key)
  local rounds = math.floor(place / limit)
  local index = count - limit + place % limit
  local at
  if index < 0 then
    at = now + window * rounds + 1
  else
    local freeing = tonumber(redis.call('ZRANGE', key, index, index, 'WITHSCORES')[2])
    -- A call still in flight will be answered no earlier than now: its window ends a window from now at the earliest.
    at = math.min(freeing, now) + window * (1 + rounds) + 1
  end
  if at > turn then turn = at end
end
if caller ~= '' then
  redis.call('ZADD', line, turn, caller)
  local keep = turn - now + grace
  if redis.call('PTTL', line) < keep then redis.call('PEXPIRE', line, keep) end
end
return turn - now
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

/**
 * How long a slot whose turn has come is kept for its caller: a delayed job is promoted and started
 * within milliseconds normally, within a second or two on a busy worker.
 */
export const TURN_GRACE_MS = 2000;

export class RedisSlidingWindowLimiter implements RateLimiterPort {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private keys(key: string, budget: RateBudget): string[] {
    return budget.windows.map((w) => `${this.prefix}:ratelimit:${key}:${w.windowMs}`);
  }

  async tryAcquire(key: string, budget: RateBudget, inFlightMs: number, caller = ''): Promise<RateDecision> {
    const keys = [...this.keys(key, budget), `${this.prefix}:ratelimit:${key}:line`];
    const grant = randomUUID();
    const args = [
      grant,
      String(Math.max(0, Math.ceil(inFlightMs))),
      caller,
      String(TURN_GRACE_MS),
      ...budget.windows.flatMap((w) => [String(w.limit), String(w.windowMs)]),
    ];
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
