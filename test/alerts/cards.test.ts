// Every card of an alert, in real Redis and a real notify queue: the index keeps each card once and
// reads back only well-formed refs; a refresh queues one versioned update per card (the clicked one
// joins first), remembers what the isolation button needs, and keeps the poller's record in step.
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import type { MessageRef } from '../../src/core/interaction.js';
import {
  MAX_CARDS_PER_ALERT,
  alertKeys,
  createAlertCardIndex,
  createAlertCards,
  createAlertInfoStore,
  createSentStore,
  createSubscriptionStore,
} from '../../src/jobs/alerts/index.js';
import type { NotifyJob } from '../../src/jobs/types.js';
import { admin, alert, conversation } from './fixtures.js';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
let prefix: string;
let notify: Queue<NotifyJob>;

beforeEach(() => {
  prefix = `test-${randomUUID()}`;
  notify = new Queue<NotifyJob>('notify', { connection: redis, prefix });
});
afterEach(async () => {
  await notify.obliterate({ force: true });
  await notify.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
});
afterAll(() => redis.disconnect());

const ref = (channel: string, ts: string): MessageRef => ({
  conversation: conversation(channel),
  messageId: ts,
});

async function queuedUpdates(): Promise<Extract<NotifyJob, { op: 'update' }>[]> {
  const jobs = await notify.getJobs(['waiting', 'delayed', 'prioritized']);
  return jobs
    .map((job) => job.data)
    .filter((data): data is Extract<NotifyJob, { op: 'update' }> => data.op === 'update');
}

describe('the alert card index', () => {
  it('keeps each card once, newest first, and skips values that are not refs', async () => {
    const index = createAlertCardIndex(redis, prefix);
    await index.add('da1', ref('C1', '1.1'));
    await index.add('da1', ref('C2', '2.2'));
    await index.add('da1', ref('C1', '1.1'));
    await redis.hset(alertKeys(prefix).cards('da1'), 'junk', '{"conversation":1}');
    const refs = await index.list('da1');
    expect(refs.map((r) => `${r.conversation.id}/${r.messageId}`).sort()).toEqual(['C1/1.1', 'C2/2.2']);
    expect(await index.list('da2')).toEqual([]);
    expect(await redis.pttl(alertKeys(prefix).cards('da1'))).toBeGreaterThan(0);
  });

  it(`redraws at most ${MAX_CARDS_PER_ALERT} cards of one alert`, async () => {
    const index = createAlertCardIndex(redis, prefix);
    for (let i = 0; i < MAX_CARDS_PER_ALERT + 5; i += 1) await index.add('da1', ref(`C${i}`, `${i}.0`));
    expect(await index.list('da1')).toHaveLength(MAX_CARDS_PER_ALERT);
  });
});

describe('refreshing the cards of an alert', () => {
  it('queues one update per card with the alert’s update time as its version, and keeps the poller in step', async () => {
    const index = createAlertCardIndex(redis, prefix);
    const sent = createSentStore(redis, prefix);
    const subscriptions = createSubscriptionStore(redis, prefix);
    const info = createAlertInfoStore(redis, prefix);
    const subscribed = await subscriptions.put({
      conversation: conversation('CSUB'),
      minSeverity: 'high',
      createdBy: admin,
    });
    const changed = alert({
      status: 'Resolved',
      assignedTo: 'rae@contoso.com',
      lastUpdateTime: '2030-01-02T00:00:00.000Z',
    });
    await sent.attach(subscribed.key, changed.id, ref('CSUB', '9.9'), { status: 'New', assignedTo: null });
    await index.add(changed.id, ref('CSUB', '9.9'));

    const cards = createAlertCards({
      index,
      notify,
      sent,
      subscriptions,
      info,
      logger: createLogger({ level: 'silent' }),
    });
    await cards.refresh(changed, ref('CCLICK', '5.5'));

    const updates = await queuedUpdates();
    expect(updates.map((u) => `${u.ref.conversation.id}/${u.ref.messageId}`).sort()).toEqual([
      'CCLICK/5.5',
      'CSUB/9.9',
    ]);
    for (const update of updates) {
      expect(update.version).toBe(Date.parse('2030-01-02T00:00:00.000Z'));
      expect(update.message.text).toContain('[Resolved]');
    }
    const record = (await sent.read(subscribed.key, [changed.id])).get(changed.id);
    expect(record).toMatchObject({
      status: 'Resolved',
      assignedTo: 'rae@contoso.com',
      ref: { messageId: '9.9' },
    });
    expect(await info.get(changed.id)).toMatchObject({ alertId: changed.id, machineId: changed.machineId });

    // The same change refreshed again (a retried job) adds no second update of any card.
    await cards.refresh(changed, ref('CCLICK', '5.5'));
    expect(await queuedUpdates()).toHaveLength(2);
  });
});
