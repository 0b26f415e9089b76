// Approval records about an indicator (`block`, `unblock`) in the same store as machine actions: they
// are created, read back and decided the same way (four-eyes included), a record of either kind
// written before indicators existed still parses, and a mixed-up or tampered record is not believed.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  approvalSubject,
  isIndicatorApproval,
  parseApprovalRecord,
  type NewApproval,
} from '../../src/authz/approvals/index.js';
import { refusalMessage } from '../../src/authz/index.js';
import { approverA, channel, isolation, policy, requester, useHarness } from './approvals-harness.js';

const harness = useHarness(60);

function block(): NewApproval {
  return {
    verb: 'block',
    indicator: { value: 'evil.example', kind: 'domain', expireDays: 30 },
    reason: 'phishing kit',
    requester,
    conversation: channel,
    correlationId: randomUUID(),
  };
}

describe('indicator approval records', () => {
  it('are created pending, read back with their indicator, and decided with four-eyes', async () => {
    const { store } = harness();
    const created = await store.create(block());
    expect(created).toMatchObject({
      verb: 'block',
      indicator: { value: 'evil.example', kind: 'domain', expireDays: 30 },
      state: 'pending',
    });
    expect(created).not.toHaveProperty('machineId');
    const read = await store.get(created.id);
    expect(read).toEqual(created);
    expect(read && isIndicatorApproval(read)).toBe(true);
    expect(approvalSubject(read!)).toBe('evil.example');

    const own = await store.decide(created.id, 'approve', requester, policy);
    expect(own).toMatchObject({ ok: false, reason: 'self-approval' });
    if (!own.ok)
      expect(own.message).toBe('You asked for this block; another approver must decide (four-eyes).');
    expect(await store.decide(created.id, 'approve', approverA, policy)).toMatchObject({
      ok: true,
      record: { state: 'approved' },
    });
    expect((await store.markExecuted(created.id, { actionId: '1001' })).record?.actionId).toBe('1001');
  });

  it('keep machine-action records as they were: an isolation record written before still parses', async () => {
    const { store, redis, key } = harness();
    const created = await store.create(isolation());
    expect(isIndicatorApproval(created)).toBe(false);
    expect(approvalSubject(created)).toBe('web-07.contoso.local');
    expect(parseApprovalRecord(await redis.get(key(created.id)))).toEqual(created);
  });

  it('are not believed when their fields do not fit their verb', async () => {
    const { store, redis, key } = harness();
    const created = await store.create(block());
    const raw = JSON.parse((await redis.get(key(created.id)))!) as Record<string, unknown>;
    for (const tampered of [
      { ...raw, verb: 'isolate' }, // a machine verb without a machine
      { ...raw, indicator: { value: 'evil.example', kind: 'cidr' } },
      { ...raw, indicator: { value: 'evil.example', kind: 'domain', id: '12; DROP' } },
      { ...raw, indicator: undefined },
    ]) {
      await redis.set(key(created.id), JSON.stringify(tampered));
      expect(await store.get(created.id)).toBeUndefined();
    }
  });

  it('word refusals about the indicator', async () => {
    const { store } = harness();
    const created = await store.create(block());
    expect(refusalMessage('not-approver', created)).toBe(
      'Only people with the approver role can decide on the block of evil.example.',
    );
  });
});
