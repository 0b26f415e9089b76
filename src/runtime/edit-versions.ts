// The newest edit version sent per chat message, in Redis, so a retried older edit is dropped.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { MessageRef } from '../core/interaction.js';

// Claims `version` unless a newer one is recorded (an equal one is a retry of the same edit).
const CLAIM = `
local current = tonumber(redis.call('GET', KEYS[1]) or '-1')
if current > tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return 1
`;

const RETENTION_SECONDS = 7 * 24 * 3600;

export function createEditVersions(redis: Redis, prefix: string) {
  return async (ref: MessageRef, version: number): Promise<boolean> => {
    const id = createHash('sha256')
      .update(`${ref.conversation.platform}\n${ref.conversation.id}\n${ref.messageId}`)
      .digest('hex');
    const claimed = await redis.eval(
      CLAIM,
      1,
      `${prefix}:editversion:${id}`,
      String(version),
      String(RETENTION_SECONDS),
    );
    return Number(claimed) === 1;
  };
}
