// Redeliveries: Slack retries a request it thinks went unanswered, Teams may send an activity twice.
// The first delivery of a platform delivery id runs; a later one with the same id is answered with
// nothing, so one chat action never becomes two jobs, two approval requests or two audit entries.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Longer than any platform retries: Slack's retries end within minutes. */
const REMEMBER_SECONDS = 24 * 60 * 60;

export interface DeliveryLedger {
  /** True for the first delivery of `deliveryId`, false for every redelivery of it. */
  isFirst(deliveryId: string): Promise<boolean>;
}

export function createDeliveryLedger(redis: Pick<Redis, 'set'>, prefix: string): DeliveryLedger {
  return {
    async isFirst(deliveryId) {
      // Hashed: the ids are the platforms' own strings (colons, long conversation ids).
      const key = `${prefix}:delivery:${createHash('sha256').update(deliveryId, 'utf8').digest('base64url')}`;
      return (await redis.set(key, '1', 'EX', REMEMBER_SECONDS, 'NX')) === 'OK';
    },
  };
}
