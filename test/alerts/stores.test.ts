// The alert records in real Redis: subscriptions per conversation, announcements that a late poll
// cannot overwrite once the card is attached, a cursor that never moves back, and pruning.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  SENT_RETENTION_MS,
  alertKeys,
  createAlertInfoStore,
  createPollCursor,
  createSentStore,
  createSubscriptionStore,
} from '../../src/jobs/alerts/index.js';
import { admin, conversation } from './fixtures.js';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
let prefix: string;

beforeEach(() => {
  prefix = `test-${randomUUID()}`;
});
afterEach(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
});
afterAll(() => redis.disconnect());

describe('subscription store', () => {
  it('keeps one subscription per conversation under <platform>:<id>, replaceable and removable', async () => {
    const store = createSubscriptionStore(redis, prefix);
    const where = conversation('C1');
    expect(await store.get(where)).toBeUndefined();
    await store.put({ conversation: where, minSeverity: 'high', createdBy: admin });
    const changed = await store.put({
      conversation: where,
      minSeverity: 'medium',
      deviceGroups: ['Web servers'],
      createdBy: admin,
    });
    expect(changed.key).toBe('slack:C1');
    expect(await redis.hkeys(alertKeys(prefix).subscriptions)).toEqual(['slack:C1']);
    expect(await store.get(where)).toEqual(changed);
    await store.put({ conversation: conversation('C2'), minSeverity: 'low', createdBy: admin });
    expect((await store.list()).map((s) => s.key).sort()).toEqual(['slack:C1', 'slack:C2']);
    expect(await store.remove(where)).toBe(true);
    expect(await store.remove(where)).toBe(false);
    expect((await store.list()).map((s) => s.key)).toEqual(['slack:C2']);
  });

  it('skips an entry that does not fit the schema instead of trusting it', async () => {
    const store = createSubscriptionStore(redis, prefix);
    await redis.hset(
      alertKeys(prefix).subscriptions,
      'slack:CBAD',
      JSON.stringify({ key: 'slack:CBAD', minSeverity: 'severe' }),
    );
    expect(await store.list()).toEqual([]);
    expect(await store.get({ platform: 'slack', id: 'CBAD' })).toBeUndefined();
  });
});

describe('sent store', () => {
  const ref = { conversation: conversation(), messageId: '1700000000.000100' };

  it('does not let a late "queued" record overwrite an attached card, but an update replaces it', async () => {
    const sent = createSentStore(redis, prefix);
    await sent.attach('slack:C1', 'da1', ref, { status: 'New', assignedTo: null });
    const queued = {
      state: 'queued' as const,
      status: 'New',
      assignedTo: null,
      at: new Date().toISOString(),
    };
    await sent.write(
      'slack:C1',
      new Map([
        ['da1', queued],
        ['da2', queued],
      ]),
      'ifAbsent',
    );
    const read = await sent.read('slack:C1', ['da1', 'da2', 'da3']);
    expect(read.get('da1')).toMatchObject({ state: 'posted', ref: { messageId: ref.messageId } });
    expect(read.get('da2')).toMatchObject({ state: 'queued' });
    expect(read.has('da3')).toBe(false);
    await sent.write('slack:C1', new Map([['da1', { ...read.get('da1')!, status: 'Resolved' }]]), 'replace');
    expect((await sent.read('slack:C1', ['da1'])).get('da1')).toMatchObject({
      state: 'posted',
      status: 'Resolved',
    });
    const ttl = await redis.pttl(alertKeys(prefix).sent('slack:C1'));
    expect(ttl).toBeGreaterThan(SENT_RETENTION_MS - 60_000);
  });

  it('prunes entries past the retention at most once a day', async () => {
    const sent = createSentStore(redis, prefix);
    const old = new Date(Date.now() - SENT_RETENTION_MS - 1000).toISOString();
    await sent.write(
      'slack:C1',
      new Map([
        ['old', { state: 'digest', status: 'New', assignedTo: null, at: old }],
        ['new', { state: 'digest', status: 'New', assignedTo: null, at: new Date().toISOString() }],
      ]),
      'ifAbsent',
    );
    expect(await sent.prune('slack:C1', Date.now())).toBe(1);
    expect([...(await sent.read('slack:C1', ['old', 'new'])).keys()]).toEqual(['new']);
    await sent.write(
      'slack:C1',
      new Map([['old', { state: 'digest', status: 'New', assignedTo: null, at: old }]]),
      'ifAbsent',
    );
    expect(await sent.prune('slack:C1', Date.now())).toBe(0);
  });
});

describe('alert info store', () => {
  it('maps an alert id to its machine and title, and refuses ids that are not alert ids', async () => {
    const info = createAlertInfoStore(redis, prefix);
    await info.put({
      alertId: 'da1_2',
      machineId: 'm'.repeat(40),
      machineName: 'web-07',
      title: 'Ransomware',
    });
    expect(await info.get('da1_2')).toEqual({
      alertId: 'da1_2',
      machineId: 'm'.repeat(40),
      machineName: 'web-07',
      title: 'Ransomware',
    });
    expect(await info.get('da1:2')).toBeUndefined();
    expect(await info.get('unknown')).toBeUndefined();
  });
});

describe('poll cursor', () => {
  it('starts unset and only ever moves forward', async () => {
    const cursor = createPollCursor(redis, prefix);
    expect(await cursor.read()).toBeUndefined();
    const t1 = new Date('2030-01-01T12:00:00.000Z');
    expect(await cursor.advance(t1)).toEqual(t1);
    expect(await cursor.advance(new Date('2030-01-01T11:00:00.000Z'))).toEqual(t1);
    expect(await cursor.read()).toEqual(t1);
    const t2 = new Date('2030-01-01T12:00:00.001Z');
    expect(await cursor.advance(t2)).toEqual(t2);
  });
});
