// Four-eyes in the approval store against real Redis: every verified identity is compared across
// platforms, an approver the directory could not resolve is refused without touching the request,
// and the record keeps every identity that was compared.
import { describe, expect, it } from 'vitest';
import { parseApprovalRecord } from '../../src/authz/approvals/index.js';
import { rbac, slackUser, teamsUser } from './fixtures.js';
import { isolation, useHarness } from './approvals-harness.js';

const harness = useHarness(60);

// One person with a Slack account (responder) and a Teams account (approver), plus a colleague.
const ritaSlack = slackUser('U0RITA', { email: 'rita.r@contoso.com', displayName: 'Rita' });
const ritaTeams = teamsUser('29:rita', {
  aadObjectId: 'aaaa-1111',
  email: 'rita@contoso.com',
  userPrincipalName: 'Rita.R@contoso.com',
  displayName: 'Rita (Teams)',
});
const colleague = teamsUser('29:colleague', {
  aadObjectId: 'cccc-3333',
  email: 'carl@contoso.com',
  userPrincipalName: 'carl@contoso.com',
});
const policy = rbac({
  responder: ['slack:U0RITA'],
  approver: ['teams:*', 'email:carl@contoso.com'],
});

describe('four-eyes across chat accounts', () => {
  it('refuses a person approving on Teams what they requested on Slack (UPN = Slack email), while a colleague can', async () => {
    const { store } = harness();
    const record = await store.create(isolation(ritaSlack));
    const self = await store.decide(record.id, 'approve', ritaTeams, policy);
    expect(self).toMatchObject({ ok: false, reason: 'self-approval' });
    expect((await store.get(record.id))?.state).toBe('pending');

    const other = await store.decide(record.id, 'approve', colleague, policy);
    expect(other).toMatchObject({ ok: true, record: { state: 'approved' } });
  });

  it('refuses the reverse: requested on Teams, approved from Slack by the same mailbox', async () => {
    const { store } = harness();
    const record = await store.create(isolation(ritaTeams));
    const slackApprover = slackUser('U0RITA2', { email: 'RITA.R@CONTOSO.COM' });
    const result = await store.decide(record.id, 'approve', slackApprover, rbac({ approver: ['slack:*'] }));
    expect(result).toMatchObject({ ok: false, reason: 'self-approval' });
  });

  it('refuses an approver whose directory did not answer, keeps the request pending, and accepts the same click once resolved', async () => {
    const { store } = harness();
    const record = await store.create(isolation(ritaSlack));
    const unresolved = {
      ...colleague,
      email: undefined,
      userPrincipalName: undefined,
      directory: 'unavailable' as const,
    };
    let scheduled = 0;
    const result = await store.decide(record.id, 'approve', unresolved, policy, {
      beforeApprove: () => Promise.resolve(void scheduled++),
    });
    expect(result).toMatchObject({ ok: false, reason: 'unresolved-identity' });
    if (!result.ok)
      expect(result.message).toBe(
        'We could not confirm who you are (Teams did not answer); try again in a moment.',
      );
    expect(scheduled).toBe(0);
    expect((await store.get(record.id))?.state).toBe('pending');

    // An email-bound approver without their email looks role-less: they still hear "try again".
    const emailBound = teamsUser('29:carl-2', { directory: 'unavailable' });
    const denied = await store.decide(
      record.id,
      'deny',
      emailBound,
      rbac({ approver: ['email:carl@contoso.com'] }),
    );
    expect(denied).toMatchObject({ ok: false, reason: 'unresolved-identity' });

    const again = await store.decide(record.id, 'approve', colleague, policy, {
      beforeApprove: () => Promise.resolve(void scheduled++),
    });
    expect(again).toMatchObject({ ok: true, record: { state: 'approved' } });
    expect(scheduled).toBe(1);
  });

  it('lets an unresolved approver deny (the safe direction)', async () => {
    const { store } = harness();
    const record = await store.create(isolation(ritaSlack));
    const unresolved = { ...colleague, email: undefined, directory: 'unavailable' as const };
    expect(await store.decide(record.id, 'deny', unresolved, policy)).toMatchObject({
      ok: true,
      record: { state: 'denied' },
    });
  });

  it('decides nothing when the step before an approval fails', async () => {
    const { store } = harness();
    const record = await store.create(isolation(ritaSlack));
    const failing = store.decide(record.id, 'approve', colleague, policy, {
      beforeApprove: () => Promise.reject(new Error('Connection is closed.')),
    });
    await expect(failing).rejects.toThrow(/Connection is closed/);
    expect((await store.get(record.id))?.state).toBe('pending');
  });

  it('keeps every compared identity of requester and approver in the stored record', async () => {
    const { store, redis, key } = harness();
    const record = await store.create(isolation(ritaTeams));
    await store.decide(record.id, 'approve', colleague, policy);
    const stored = parseApprovalRecord(await redis.get(key(record.id)));
    expect(stored?.requester).toEqual(ritaTeams);
    expect(stored?.requester.userPrincipalName).toBe('Rita.R@contoso.com');
    expect(stored?.decidedBy).toEqual(colleague);
    // An unresolved marker survives a round trip too (an unresolved denier is recorded as such).
    const other = await store.create(isolation(ritaSlack));
    const denier = { ...colleague, directory: 'unavailable' as const };
    await store.decide(other.id, 'deny', denier, policy);
    expect((await store.get(other.id))?.decidedBy).toEqual(denier);
    expect((await store.get(other.id))?.decidedBy?.directory).toBe('unavailable');
  });
});
