import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import {
  APPROVAL_ID_PATTERN,
  APPROVAL_RETENTION_MS,
  createApprovalStore,
  type ApprovalStore,
} from '../../src/authz/approvals/index.js';
import { BotError } from '../../src/core/index.js';
import { slackUser, teamsUser } from './fixtures.js';
import {
  MINUTE,
  START,
  approverA,
  approverB,
  channel,
  isolation,
  policy,
  requester,
  responder,
  strictPolicy,
  useHarness,
  viewer,
} from './approvals-harness.js';

const harness = useHarness(60);

describe('approval records', () => {
  it('creates a pending record and reads it back unchanged', async () => {
    const { store, redis, key } = harness();
    const created = await store.create(isolation());
    expect(created.id).toMatch(APPROVAL_ID_PATTERN);
    expect(created.id).not.toContain(':');
    expect(created).toMatchObject({
      state: 'pending',
      verb: 'isolate',
      isolationType: 'full',
      createdAt: '2025-11-25T10:00:00.000Z',
      expiresAt: '2025-11-25T11:00:00.000Z',
      requester,
      conversation: channel,
    });
    expect(await store.get(created.id)).toEqual(created);
    const ttl = await redis.pttl(key(created.id));
    expect(ttl).toBeGreaterThan(60 * MINUTE);
    expect(ttl).toBeLessThanOrEqual(60 * MINUTE + APPROVAL_RETENTION_MS);
  });

  it('gives every request its own id', async () => {
    const { store } = harness();
    const ids = await Promise.all(Array.from({ length: 10 }, () => store.create(isolation())));
    expect(new Set(ids.map((r) => r.id)).size).toBe(10);
  });

  it('makes one request per command: creating again for the same correlation id returns the first', async () => {
    const { store } = harness();
    const input = isolation();
    const [first, again] = await Promise.all([store.create(input), store.create({ ...input })]);
    expect(again.id).toBe(first.id);
    expect((await store.create(input)).id).toBe(first.id);
    expect((await store.create(isolation())).id).not.toBe(first.id);
  });

  it('refuses to create a request without a reason', async () => {
    const { store } = harness();
    const error = await store.create({ ...isolation(), reason: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BotError);
    expect((error as BotError).code).toBe('INVALID_INPUT');
  });

  it('answers undefined for unknown ids and ids that cannot be ours', async () => {
    const { store, redis, prefix } = harness();
    expect(await store.get('AAAAAAAAAAAAAAAAAAAAAA')).toBeUndefined();
    await redis.set(`${prefix}:approval:a:b`, '{}');
    expect(await store.get('a:b')).toBeUndefined();
    expect(await store.get('')).toBeUndefined();
  });

  it('treats a corrupted or tampered value as absent, without throwing', async () => {
    const { store, redis, key } = harness();
    const record = await store.create(isolation());
    const other = await store.create(isolation(responder));

    await redis.set(key(record.id), '{not json', 'KEEPTTL');
    expect(await store.get(record.id)).toBeUndefined();

    await redis.set(
      key(record.id),
      JSON.stringify({ ...record, state: 'approved', requester: { id: 'U0' } }),
    );
    expect(await store.get(record.id)).toBeUndefined();

    await redis.set(key(record.id), JSON.stringify({ ...record, state: 'launched' }));
    expect(await store.get(record.id)).toBeUndefined();

    // A valid record copied under another id is not believed either.
    await redis.set(key(record.id), JSON.stringify(other));
    expect(await store.get(record.id)).toBeUndefined();

    const decided = await store.decide(record.id, 'approve', approverA, policy);
    expect(decided).toMatchObject({ ok: false, reason: 'not-found' });
    expect(await store.expire(record.id)).toEqual({ record: undefined, changed: false });
  });

  it('remembers where the approval card was posted', async () => {
    const { store } = harness();
    const record = await store.create(isolation());
    const message = { conversation: channel, messageId: '1700000000.000100' };
    expect(await store.attachMessage(record.id, message)).toMatchObject({ message });
    expect((await store.get(record.id))?.message).toEqual(message);
    expect(await store.attachMessage('AAAAAAAAAAAAAAAAAAAAAA', message)).toBeUndefined();
  });

  it('keeps opaque platform data byte for byte through decisions', async () => {
    const { store } = harness();
    const platformData = {
      activityIds: [],
      big: Number.MAX_SAFE_INTEGER,
      url: 'https://smba/x/y',
      nested: { a: [1, {}] },
    };
    const conversation = { ...channel, platform: 'teams' as const, platformData };
    const record = await store.create({ ...isolation(), conversation });
    await store.decide(record.id, 'approve', approverA, policy);
    expect((await store.get(record.id))?.conversation.platformData).toEqual(platformData);
  });
});

describe('deciding on an approval', () => {
  it('refuses viewers and responders and leaves the request pending', async () => {
    const { store } = harness();
    const record = await store.create(isolation());
    for (const actor of [viewer, responder, slackUser('U0NOBODY')]) {
      for (const decision of ['approve', 'deny'] as const) {
        const result = await store.decide(record.id, decision, actor, strictPolicy);
        expect(result).toMatchObject({ ok: false, reason: 'not-approver' });
        if (!result.ok) expect(result.message).toMatch(/approver role/);
      }
    }
    expect((await store.get(record.id))?.state).toBe('pending');
  });

  it('never lets the requester approve, from any of their accounts', async () => {
    const { store } = harness();
    const record = await store.create(isolation());
    const sameAccount = requester;
    const teamsSameAad = teamsUser('29:rita', { aadObjectId: 'aaaa-1111' });
    const teamsSameEmail = teamsUser('29:rita-2', { email: 'rita@contoso.COM' });
    for (const actor of [sameAccount, teamsSameAad, teamsSameEmail]) {
      const result = await store.decide(record.id, 'approve', actor, policy);
      expect(result).toMatchObject({ ok: false, reason: 'self-approval' });
      if (!result.ok)
        expect(result.message).toBe(
          'You asked for this isolation; another approver must decide (four-eyes).',
        );
    }
    expect((await store.get(record.id))?.state).toBe('pending');
  });

  it('lets the requester cancel their own request, even without the approver role', async () => {
    const { store, clock } = harness();
    const record = await store.create(isolation());
    clock.advance(5 * MINUTE);
    const result = await store.decide(record.id, 'deny', requester, strictPolicy);
    expect(result).toMatchObject({
      ok: true,
      record: {
        state: 'denied',
        cancelled: true,
        decidedBy: requester,
        decidedAt: '2025-11-25T10:05:00.000Z',
      },
    });
    expect((await store.get(record.id))?.cancelled).toBe(true);
  });

  it('lets the requester cancel from their other account too', async () => {
    const { store } = harness();
    const record = await store.create(isolation());
    const teamsSameAad = teamsUser('29:rita', { aadObjectId: 'AAAA-1111' });
    const result = await store.decide(record.id, 'deny', teamsSameAad, strictPolicy);
    expect(result).toMatchObject({ ok: true, record: { state: 'denied', cancelled: true } });
  });

  it('records who approved and when, then refuses any second decision', async () => {
    const { store, clock } = harness();
    const record = await store.create(isolation());
    clock.advance(10 * MINUTE);
    const first = await store.decide(record.id, 'approve', approverA, policy);
    expect(first).toMatchObject({
      ok: true,
      record: { state: 'approved', decidedBy: approverA, decidedAt: '2025-11-25T10:10:00.000Z' },
    });
    expect(first.ok && first.record.cancelled).toBeFalsy();
    expect(await store.get(record.id)).toEqual(first.ok ? first.record : undefined);

    for (const decision of ['deny', 'approve'] as const) {
      const second = await store.decide(record.id, decision, approverB, policy);
      expect(second).toMatchObject({
        ok: false,
        reason: 'already-decided',
        record: { decidedBy: approverA },
      });
      if (!second.ok) expect(second.message).toMatch(/already approved by Anna/);
    }
    // The requester can no longer cancel an approved request.
    const cancel = await store.decide(record.id, 'deny', requester, policy);
    expect(cancel).toMatchObject({ ok: false, reason: 'already-decided' });
    expect((await store.get(record.id))?.state).toBe('approved');
  });

  it('a denial by an approver is final', async () => {
    const { store } = harness();
    const record = await store.create(isolation());
    expect(await store.decide(record.id, 'deny', approverB, policy)).toMatchObject({
      ok: true,
      record: { state: 'denied', decidedBy: approverB },
    });
    expect(await store.decide(record.id, 'approve', approverA, policy)).toMatchObject({
      ok: false,
      reason: 'already-decided',
    });
  });

  it('keeps the Redis expiry of the record when it changes', async () => {
    const { store, redis, key } = harness();
    const record = await store.create(isolation());
    await store.decide(record.id, 'approve', approverA, policy);
    expect(await redis.pttl(key(record.id))).toBeGreaterThan(60 * MINUTE);
  });

  it('gives exactly one of 20 simultaneous approvers the decision', async () => {
    const { store, prefix } = harness();
    const record = await store.create(isolation());
    // Five connections, so the decisions really interleave inside Redis.
    const connections = Array.from(
      { length: 5 },
      () => new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'),
    );
    try {
      const stores: ApprovalStore[] = connections.map((redis) =>
        createApprovalStore({ redis, prefix, ttlMinutes: 60, clock: { now: () => START } }),
      );
      const approvers = Array.from({ length: 20 }, (_, i) => slackUser(`U0C${String(i).padStart(2, '0')}`));
      const results = await Promise.all(
        approvers.map((actor, i) =>
          stores[i % stores.length]!.decide(record.id, i % 3 === 0 ? 'deny' : 'approve', actor, policy),
        ),
      );
      const winners = results.filter((r) => r.ok);
      expect(winners).toHaveLength(1);
      const winner = winners[0]!.record;
      for (const loser of results.filter((r) => !r.ok)) {
        expect(loser).toMatchObject({ reason: 'already-decided', record: { decidedBy: winner.decidedBy } });
      }
      expect(await store.get(record.id)).toEqual(winner);
    } finally {
      await Promise.all(connections.map((c) => c.quit()));
    }
  });
});

describe('expiry', () => {
  it('still accepts a decision one millisecond before expiry', async () => {
    const { store, clock } = harness();
    const record = await store.create(isolation());
    clock.advance(60 * MINUTE - 1);
    expect(await store.decide(record.id, 'approve', approverA, policy)).toMatchObject({ ok: true });
  });

  it('refuses a decision at expiry and stores the request as expired', async () => {
    const { store, clock } = harness();
    const record = await store.create(isolation());
    clock.advance(60 * MINUTE);
    const result = await store.decide(record.id, 'approve', approverA, policy);
    expect(result).toMatchObject({ ok: false, reason: 'expired', record: { state: 'expired' } });
    if (!result.ok) expect(result.message).toMatch(/expired/);
    expect((await store.get(record.id))?.state).toBe('expired');
    expect(await store.expire(record.id)).toMatchObject({ changed: false, record: { state: 'expired' } });
    expect(await store.decide(record.id, 'deny', approverB, policy)).toMatchObject({
      ok: false,
      reason: 'expired',
    });
  });

  it('expire() does nothing early, transitions once when due, never touches decided requests', async () => {
    const { store, clock } = harness();
    const record = await store.create(isolation());
    const decided = await store.create(isolation());
    await store.decide(decided.id, 'approve', approverA, policy);

    clock.advance(59 * MINUTE);
    expect(await store.expire(record.id)).toMatchObject({ changed: false, record: { state: 'pending' } });

    clock.advance(MINUTE);
    const results = await Promise.all([
      store.expire(record.id),
      store.expire(record.id),
      store.expire(record.id),
    ]);
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    expect((await store.get(record.id))?.state).toBe('expired');
    expect(await store.expire(record.id)).toMatchObject({ changed: false });

    expect(await store.expire(decided.id)).toMatchObject({ changed: false, record: { state: 'approved' } });
    expect(await store.expire('AAAAAAAAAAAAAAAAAAAAAA')).toEqual({ record: undefined, changed: false });
  });
});

describe('MDE outcome on approved requests', () => {
  it('links the action id only on approved records, and only once', async () => {
    const { store } = harness();
    const pending = await store.create(isolation());
    const denied = await store.create(isolation());
    const approved = await store.create(isolation());
    await store.decide(denied.id, 'deny', approverA, policy);
    await store.decide(approved.id, 'approve', approverA, policy);

    expect(await store.markExecuted(pending.id, { actionId: 'act-1' })).toMatchObject({ changed: false });
    expect(await store.markExecuted(denied.id, { actionId: 'act-1' })).toMatchObject({ changed: false });
    expect((await store.get(pending.id))?.actionId).toBeUndefined();

    expect(await store.markExecuted(approved.id, { actionId: 'act-1' })).toMatchObject({
      changed: true,
      record: { state: 'approved', actionId: 'act-1' },
    });
    expect(await store.markExecuted(approved.id, { actionId: 'act-2' })).toMatchObject({
      changed: false,
      record: { actionId: 'act-1' },
    });
    expect((await store.get(approved.id))?.actionId).toBe('act-1');
  });

  it('records a failure only on approved records', async () => {
    const { store } = harness();
    const pending = await store.create(isolation());
    const approved = await store.create(isolation());
    await store.decide(approved.id, 'approve', approverB, policy);

    expect(await store.markFailed(pending.id, 'MDE refused')).toMatchObject({ changed: false });
    expect((await store.get(pending.id))?.failure).toBeUndefined();
    expect(await store.markFailed(approved.id, 'MDE refused: machine not found')).toMatchObject({
      changed: true,
      record: { state: 'approved', failure: 'MDE refused: machine not found' },
    });
    expect((await store.get(approved.id))?.failure).toBe('MDE refused: machine not found');
  });
});
