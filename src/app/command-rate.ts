// COMMAND_RATE_PER_MINUTE: how many commands one person may send per minute, counted across all of
// their chat accounts (a Slack and a Teams account sharing a mailbox or Entra id are one person).
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { personKeys } from '../authz/index.js';
import type { ChatUser } from '../core/interaction.js';

export type RateVerdict = { ok: true } | { ok: false; retryAfterMs: number };

export interface CommandRate {
  /** Counts one command by `actor`; refuses it when any identity of the person is over the rate. */
  take(actor: ChatUser): Promise<RateVerdict>;
}

export function createCommandRate(redis: Redis, prefix: string, perMinute: number): CommandRate {
  const limiter = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}:cmdrate`, points: perMinute, duration: 60 });
  const keyOf = (identity: string) => createHash('sha256').update(identity, 'utf8').digest('base64url');
  return {
    async take(actor) {
      // Every identity of the person is charged, so whichever account they type from next sees the count.
      const outcomes = await Promise.all(
        personKeys(actor).map((identity) =>
          limiter.consume(keyOf(identity)).then(
            () => undefined,
            (rejection: unknown) => {
              if (rejection instanceof RateLimiterRes) return rejection.msBeforeNext;
              throw rejection;
            },
          ),
        ),
      );
      const waits = outcomes.filter((wait): wait is number => wait !== undefined);
      return waits.length === 0 ? { ok: true } : { ok: false, retryAfterMs: Math.max(...waits) };
    },
  };
}
