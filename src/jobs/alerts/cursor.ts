// The poll cursor (`<prefix>:alerts:cursor`, an ISO time): the newest alert update already handed
// to the notify queue. It only moves forward, even when two polls finish out of order.
import type { Redis } from 'ioredis';
import { alertKeys } from './keys.js';

// ISO strings from toISOString() have one fixed shape, so they compare as text.
const ADVANCE = `
local current = redis.call('GET', KEYS[1])
if not current or current < ARGV[1] then redis.call('SET', KEYS[1], ARGV[1]) return ARGV[1] end
return current`;

export interface PollCursor {
  read(): Promise<Date | undefined>;
  /** Moves the cursor to `to` unless it already is later; returns where it stands. */
  advance(to: Date): Promise<Date>;
}

export function createPollCursor(redis: Redis, prefix: string): PollCursor {
  const key = alertKeys(prefix).cursor;
  return {
    async read() {
      const raw = await redis.get(key);
      const time = raw ? Date.parse(raw) : Number.NaN;
      return Number.isNaN(time) ? undefined : new Date(time);
    },
    async advance(to) {
      const result = (await redis.eval(ADVANCE, 1, key, to.toISOString())) as string;
      return new Date(result);
    },
  };
}
