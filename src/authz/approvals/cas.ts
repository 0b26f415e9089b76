// The one atomic step of every approval change: a compare-and-set on the whole stored JSON.
// Comparing the whole value (not a decoded field) keeps Lua from re-encoding the record: cjson
// would turn empty arrays into objects and round long numbers in the opaque platformData.
import type { Redis } from 'ioredis';
import { BotError } from '../../core/index.js';

/** Returns 1 when written, 0 when the key is gone, else the value that is there instead. */
const COMPARE_AND_SET = `
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
if current ~= ARGV[1] then return current end
redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
return 1
`;

/** Far more than contention needs: each lost round means someone else changed the record. */
const MAX_ROUNDS = 25;

/** What to do with the value now stored: write `next` (when given), then answer `result`. */
export interface Plan<T> {
  next?: string;
  result: T;
}

/**
 * Reads the key, asks `plan` what to write, and writes it only if nobody changed the key in between;
 * otherwise plans again on the newer value. `plan(undefined)` means the key does not exist.
 */
export async function updateAtomically<T>(
  redis: Redis,
  key: string,
  plan: (raw: string | undefined) => Plan<T>,
): Promise<T> {
  let raw = (await redis.get(key)) ?? undefined;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const step = plan(raw);
    if (step.next === undefined || raw === undefined) return step.result;
    const answer = (await redis.eval(COMPARE_AND_SET, 1, key, raw, step.next)) as number | string;
    if (answer === 1) return step.result;
    raw = answer === 0 ? undefined : String(answer);
  }
  throw new BotError('CONFLICT', 'The approval request is changing too fast; try again in a moment.', {
    details: { key },
  });
}
