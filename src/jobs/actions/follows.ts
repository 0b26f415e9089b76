// Which job follows which machine action: written when the action id is known, so a later command
// about that action (`cancel`) can have its job read the status at once and update the action's card
// in place, instead of waiting out the poll delay (up to a minute). Losing an entry only costs that.
import type { Redis } from 'ioredis';
import type { Logger } from '../../core/logger.js';

export interface ActionFollows {
  /** Notes that job `jobId` follows action `actionId` (until it ends, or the entry expires). */
  record(actionId: string, jobId: string): Promise<void>;
  forget(actionId: string): Promise<void>;
  /** The id of the job following this action, if one does. */
  jobFollowing(actionId: string): Promise<string | undefined>;
}

/** An entry outlives the longest a job follows an action by default (2 h), so it stays while followed. */
const FOLLOW_TTL_MS = 3 * 3_600_000;

export function createActionFollows(redis: Redis, prefix: string, ttlMs = FOLLOW_TTL_MS): ActionFollows {
  const key = (actionId: string) => `${prefix}:action-follow:${actionId}`;
  return {
    async record(actionId, jobId) {
      await redis.set(key(actionId), jobId, 'PX', ttlMs);
    },
    async forget(actionId) {
      await redis.del(key(actionId));
    },
    async jobFollowing(actionId) {
      return (await redis.get(key(actionId))) ?? undefined;
    },
  };
}

/** Follow bookkeeping never fails the action: a missed entry only delays a card update to the next poll. */
export async function bestEffort(logger: Logger, what: string, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    logger.warn({ err: error }, `could not ${what}; the action's card updates at its next status read`);
  }
}
