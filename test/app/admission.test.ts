// The doorkeeper against real Redis: one rate budget per person across their chat accounts, and a
// redelivery recognised by its platform delivery id — in one round trip.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createDoorkeeper } from '../../src/app/admission.js';
import type { ChatUser, Interaction } from '../../src/core/index.js';
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

function command(actor: ChatUser, deliveryId?: string): Interaction {
  const conversation = {
    platform: actor.platform,
    id: 'C1',
    tenantId: undefined,
    serviceUrl: undefined,
    platformData: undefined,
  };
  return {
    platform: actor.platform,
    actor,
    conversation,
    input: { kind: 'command', text: 'help' },
    receivedAt: 0,
    correlationId: randomUUID(),
    ...(deliveryId ? { deliveryId } : {}),
  };
}

function click(actor: ChatUser, deliveryId: string): Interaction {
  return {
    ...command(actor, deliveryId),
    input: { kind: 'cardAction', actionId: 'abc', verb: 'approval.approve', messageId: undefined },
  };
}

describe('per-person command rate', () => {
  it('counts a Slack and a Teams account that share a mailbox as one person', async () => {
    const door = createDoorkeeper(redis, prefix, 4);
    const onSlack = slackUser('U0ALICE', { email: 'Alice@Contoso.com' });
    const onTeams = teamsUser('29:alice', {
      aadObjectId: 'a1a1a1a1-0000-4000-8000-000000000001',
      userPrincipalName: 'alice@contoso.com',
    });
    for (const actor of [onSlack, onTeams, onSlack, onTeams])
      expect(await door.admit(command(actor))).toEqual({ kind: 'admitted' });
    const fifth = await door.admit(command(onTeams));
    expect(fifth.kind).toBe('over-rate');
    if (fifth.kind === 'over-rate') {
      expect(fifth.retryAfterMs).toBeGreaterThan(0);
      expect(fifth.retryAfterMs).toBeLessThanOrEqual(60_000);
    }
    // The Slack account is over too, although it sent only two of them.
    expect((await door.admit(command(onSlack))).kind).toBe('over-rate');
  });

  it('keeps other people of the same workspace out of it (slack:* is no shared counter)', async () => {
    const door = createDoorkeeper(redis, prefix, 2);
    const alice = slackUser('U0ALICE', { email: 'alice@contoso.com' });
    await door.admit(command(alice));
    await door.admit(command(alice));
    expect((await door.admit(command(alice))).kind).toBe('over-rate');
    expect(await door.admit(command(slackUser('U0BOB', { email: 'bob@contoso.com' })))).toEqual({
      kind: 'admitted',
    });
  });

  it('an Entra object id bound on Slack joins the count of the Teams account with that id', async () => {
    const door = createDoorkeeper(redis, prefix, 1);
    const oid = 'b2b2b2b2-0000-4000-8000-000000000002';
    expect(await door.admit(command(teamsUser('29:bob', { aadObjectId: oid })))).toEqual({
      kind: 'admitted',
    });
    expect((await door.admit(command(slackUser('U0BOB', { aadObjectId: oid.toUpperCase() })))).kind).toBe(
      'over-rate',
    );
  });

  it('does not count button clicks against the command rate', async () => {
    const door = createDoorkeeper(redis, prefix, 1);
    const alice = slackUser('U0ALICE');
    for (let i = 0; i < 3; i++)
      expect(await door.admit(click(alice, `slack:trigger-${i}:0`))).toEqual({ kind: 'admitted' });
    expect(await door.admit(command(alice))).toEqual({ kind: 'admitted' });
  });
});

describe('redeliveries', () => {
  it('admits the first delivery of an id and recognises every redelivery of it, without counting it', async () => {
    const door = createDoorkeeper(redis, prefix, 2);
    const pat = slackUser('U0PAT');
    expect(await door.admit(command(pat, 'slack:1234.5678.trigger'))).toEqual({ kind: 'admitted' });
    expect(await door.admit(command(pat, 'slack:1234.5678.trigger'))).toEqual({ kind: 'redelivery' });
    expect(await door.admit(command(pat, 'slack:1234.5678.trigger'))).toEqual({ kind: 'redelivery' });
    // Two redeliveries cost Pat nothing: a second command is still within the rate of 2.
    expect(await door.admit(command(pat, 'slack:other.trigger'))).toEqual({ kind: 'admitted' });
    const deliveries = await redis.keys(`${prefix}:delivery:*`);
    expect(deliveries).toHaveLength(2);
    // Remembered for a day, not forever.
    expect(await redis.ttl(deliveries[0]!)).toBeGreaterThan(23 * 3600);
  });
});
