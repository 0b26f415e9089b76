// Defender runs at most 25 live response sessions at once (429 beyond). The rate budget paces calls,
// not how many sessions are open, so each `run` holds a slot here, shared by every bot process through
// Redis, from just before its submission until it is final; a run that finds none free waits as a
// delayed job instead of meeting MDE's 429.
import type { Redis } from 'ioredis';

/** MDE's documented limit of concurrently running live response sessions. */
export const MAX_LIVE_SESSIONS = 25;
/** A slot is given up after this long whatever happened (the bot follows an action for 2 hours). */
export const SESSION_HOLD_MS = 2 * 3_600_000 + 10 * 60_000;
/** How long a run without a slot waits before asking again, at most. */
export const SESSION_RETRY_MS = 30_000;

export interface LiveSessions {
  /** Takes (or keeps) a slot for `holder`; else how long to wait. */
  take(holder: string): Promise<{ ok: true } | { ok: false; waitMs: number }>;
  release(holder: string): Promise<void>;
}

// KEYS[1]: zset of holders scored by when their hold lapses. ARGV: holder, holdMs, max, retryMs.
// Checked and taken in one step on Redis's clock, so two processes never both take the last slot.
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(1000, math.min(tonumber(ARGV[4]), tonumber(first[2]) - now))
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
return 0
`;

export function createLiveSessions(
  redis: Redis,
  prefix: string,
  options: { max?: number; holdMs?: number; retryMs?: number } = {},
): LiveSessions {
  const key = `${prefix}:live-response:sessions`;
  return {
    async take(holder) {
      const waitMs = Number(
        await redis.eval(
          TAKE,
          1,
          key,
          holder,
          String(options.holdMs ?? SESSION_HOLD_MS),
          String(options.max ?? MAX_LIVE_SESSIONS),
          String(options.retryMs ?? SESSION_RETRY_MS),
        ),
      );
      return waitMs > 0 ? { ok: false, waitMs } : { ok: true };
    },
    async release(holder) {
      await redis.zrem(key, holder);
    },
  };
}
