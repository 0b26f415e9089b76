// The per-person command rate against real Redis: one budget per person across their chat accounts.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createCommandRate } from '../../src/app/command-rate.js';
import { createDeliveryLedger } from '../../src/app/deliveries.js';
import { slackUser, teamsUser } from '../authz/fixtures.js';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const used: string[] = [];
let prefix = '';

beforeEach(() => {
  prefix = `test-${randomUUID()}`;
  used.push(prefix);
});

afterAll(async () => {
  for (const mine of used) {
    const keys = await redis.keys(`${mine}:*`);
    if (keys.length > 0) await redis.del(...keys);
  }
  redis.disconnect();
});

describe('command rate per person', () => {
  it('counts a Slack and a Teams account that share a mailbox as one person', async () => {
    const rate = createCommandRate(redis, prefix, 4);
    const onSlack = slackUser('U0ALICE', { email: 'Alice@Contoso.com' });
    const onTeams = teamsUser('29:alice', { aadObjectId: 'a1a1a1a1-0000-4000-8000-000000000001', userPrincipalName: 'alice@contoso.com' });
    for (const actor of [onSlack, onTeams, onSlack, onTeams]) expect(await rate.take(actor)).toEqual({ ok: true });
    const fifth = await rate.take(onTeams);
    expect(fifth.ok).toBe(false);
    if (!fifth.ok) {
      expect(fifth.retryAfterMs).toBeGreaterThan(0);
      expect(fifth.retryAfterMs).toBeLessThanOrEqual(60_000);
    }
    // The Slack account is over too, although it sent only two of them.
    expect((await rate.take(onSlack)).ok).toBe(false);
  });

  it('keeps other people, and other people of the same workspace, out of it', async () => {
    const rate = createCommandRate(redis, prefix, 2);
    const alice = slackUser('U0ALICE', { email: 'alice@contoso.com' });
    const bob = slackUser('U0BOB', { email: 'bob@contoso.com' });
    await rate.take(alice);
    await rate.take(alice);
    expect((await rate.take(alice)).ok).toBe(false);
    // slack:* is every user of the workspace: it must not be a shared counter.
    expect(await rate.take(bob)).toEqual({ ok: true });
  });

  it('an Entra object id bound on Slack joins the count of the Teams account with that id', async () => {
    const rate = createCommandRate(redis, prefix, 1);
    const oid = 'b2b2b2b2-0000-4000-8000-000000000002';
    expect(await rate.take(teamsUser('29:bob', { aadObjectId: oid }))).toEqual({ ok: true });
    expect((await rate.take(slackUser('U0BOB', { aadObjectId: oid.toUpperCase() }))).ok).toBe(false);
  });
});

describe('delivery ledger', () => {
  it('runs the first delivery of an id and recognises every redelivery of it', async () => {
    const ledger = createDeliveryLedger(redis, prefix);
    expect(await ledger.isFirst('slack:1234.5678.trigger')).toBe(true);
    expect(await ledger.isFirst('slack:1234.5678.trigger')).toBe(false);
    expect(await ledger.isFirst('slack:1234.5678.trigger')).toBe(false);
    expect(await ledger.isFirst('teams:19:abc@thread.tacv2:1700000000001')).toBe(true);
    const keys = await redis.keys(`${prefix}:delivery:*`);
    expect(keys).toHaveLength(2);
    // Remembered for a day, not forever.
    expect(await redis.ttl(keys[0]!)).toBeGreaterThan(23 * 3600);
  });
});
