// A retried older edit of a card must never overwrite a newer one (e.g. "Pending" after "Succeeded").
import { randomUUID } from 'node:crypto';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConversationRef, MessageRef, OutgoingMessage, Reply } from '../../src/core/interaction.js';
import { createLogger } from '../../src/core/logger.js';
import { FINAL_EDIT_VERSION } from '../../src/jobs/actions/lifecycle.js';
import { createNotifyProcessor } from '../../src/jobs/notify.js';
import type { NotifyJob } from '../../src/jobs/types.js';
import { createEditVersions } from '../../src/runtime/edit-versions.js';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = `test-${randomUUID()}`;
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

const conversation: ConversationRef = {
  platform: 'slack',
  id: 'C1',
  tenantId: 'T1',
  serviceUrl: undefined,
  platformData: undefined,
};
const ref: MessageRef = { conversation, messageId: '1700000000.000100' };
const message = (text: string): OutgoingMessage => ({ card: { type: 'AdaptiveCard' }, text });

describe('edit versions', () => {
  it('claims newer and equal versions, refuses older ones, per message', async () => {
    const claim = createEditVersions(redis, prefix);
    expect(await claim(ref, 2)).toBe(true);
    expect(await claim(ref, 1)).toBe(false);
    expect(await claim(ref, 2)).toBe(true);
    expect(await claim(ref, FINAL_EDIT_VERSION)).toBe(true);
    expect(await claim(ref, 3)).toBe(false);
    expect(await claim({ ...ref, messageId: 'other' }, 1)).toBe(true);
  });

  it('the notify worker drops an edit older than one already sent', async () => {
    const updates: string[] = [];
    const reply: Reply = {
      post: () => Promise.reject(new Error('unused')),
      postPrivate: () => Promise.reject(new Error('unused')),
      update: (_ref, m) => Promise.resolve(void updates.push(m.text)),
    };
    const process = createNotifyProcessor(
      {
        replies: { slack: reply },
        logger: createLogger({ level: 'silent' }),
        attachApprovalMessage: () => Promise.resolve(),
        defenderQueue: { add: () => Promise.reject(new Error('unused')) },
        claimEditVersion: createEditVersions(redis, `${prefix}:notify`),
      },
      undefined,
    );
    const job = (data: NotifyJob) =>
      ({ id: randomUUID(), data, attemptsMade: 0, opts: { attempts: 3 } }) as unknown as Job<NotifyJob>;
    const edit = (text: string, version: number): NotifyJob => ({
      op: 'update',
      ref,
      message: message(text),
      correlationId: 'c',
      version,
    });
    await process(job(edit('Pending', 1)));
    await process(job(edit('Succeeded', FINAL_EDIT_VERSION)));
    await process(job(edit('Pending (retried)', 1)));
    await process(job(edit('InProgress (late)', 2)));
    expect(updates).toEqual(['Pending', 'Succeeded']);
  });
});
