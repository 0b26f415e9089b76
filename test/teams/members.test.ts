// The verified identity of a Teams user: email and UPN from the Bot Connector member API reach the
// core's ChatUser, the answer (also "no email") is cached in Redis for an hour so the next activity
// asks nobody, and a member API that fails or hangs marks the user's directory unavailable while the
// turn still answers.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { memberKey } from '../../src/chat/teams/index.js';
import {
  ALICE,
  BOB,
  TEAM_ID,
  TENANT_ID,
  cardActionActivity,
  messageActivity,
  postActivity,
} from '../helpers/teams-activity.js';
import { card, startHarness, type Harness, type HarnessOptions } from './harness.js';

let harness: Harness;
afterEach(async () => {
  await harness.close();
});

const LOOKUPS = 'defbot_identity_lookups_total';
const ALICE_MAIL = 'alice.analyst@contoso.com';

async function start(options: HarnessOptions = {}): Promise<Harness> {
  harness = await startHarness(options);
  harness.answerWith(() =>
    Promise.resolve({ visibility: 'channel', message: { card: card('ok'), text: 'ok' } }),
  );
  return harness;
}

const memberCalls = () => harness.fake.calls().filter((c) => c.route === 'member');
const lookups = (outcome: string) => harness.counter(LOOKUPS, { platform: 'teams', outcome });

describe('Teams member lookup', () => {
  it('gives the core the email and UPN the member API answers, beside from.id, aadObjectId and tenant', async () => {
    await start();
    harness.fake.setMember(ALICE.id, {
      name: ALICE.name,
      aadObjectId: ALICE.aadObjectId,
      email: ALICE_MAIL,
      userPrincipalName: 'alice@contoso.onmicrosoft.com',
    });
    await postActivity(
      harness.messagesUrl,
      messageActivity('whoami', { serviceUrl: harness.fake.serviceUrl }),
    );
    expect(harness.seen).toHaveLength(1);
    expect(harness.seen[0]?.actor).toEqual({
      platform: 'teams',
      id: ALICE.id,
      tenantId: TENANT_ID,
      displayName: ALICE.name,
      email: ALICE_MAIL,
      aadObjectId: ALICE.aadObjectId,
      userPrincipalName: 'alice@contoso.onmicrosoft.com',
    });
    // In a channel botbuilder asks the team's roster for the sender.
    expect(memberCalls().map((c) => [c.conversationId, c.targetId])).toEqual([[TEAM_ID, ALICE.id]]);
  });

  it('asks once: the next activity from the same user is answered from the Redis cache (an hour)', async () => {
    await start();
    harness.fake.setMember(ALICE.id, { email: ALICE_MAIL, userPrincipalName: ALICE_MAIL });
    await postActivity(
      harness.messagesUrl,
      messageActivity('whoami', { serviceUrl: harness.fake.serviceUrl }),
    );
    await postActivity(
      harness.messagesUrl,
      messageActivity('alerts', { serviceUrl: harness.fake.serviceUrl, scope: 'groupChat' }),
    );
    expect(harness.seen.map((i) => i.actor.email)).toEqual([ALICE_MAIL, ALICE_MAIL]);
    expect(memberCalls()).toHaveLength(1);
    expect(await lookups('fetched')).toBe(1);
    expect(await lookups('cached')).toBe(1);

    const key = memberKey(harness.prefix, TENANT_ID, ALICE.id);
    expect(key).toBe(
      `${harness.prefix}:teams:member:${TENANT_ID}:${createHash('sha256').update(ALICE.id).digest('hex')}`,
    );
    const ttl = await harness.redis.ttl(key);
    expect(ttl).toBeGreaterThan(3_500);
    expect(ttl).toBeLessThanOrEqual(3_600);
  });

  it('caches an answer without email too, and a user without email is not "unavailable"', async () => {
    await start();
    await postActivity(
      harness.messagesUrl,
      messageActivity('whoami', { serviceUrl: harness.fake.serviceUrl }),
    );
    await postActivity(
      harness.messagesUrl,
      messageActivity('whoami', { serviceUrl: harness.fake.serviceUrl }),
    );
    expect(harness.seen.map((i) => [i.actor.email, i.actor.directory])).toEqual([
      [undefined, undefined],
      [undefined, undefined],
    ]);
    expect(memberCalls()).toHaveLength(1);
  });

  it('marks the directory unavailable when the member call fails, and the message is still answered', async () => {
    await start();
    harness.fake.failNext(/\/members\//, 500);
    const res = await postActivity(
      harness.messagesUrl,
      messageActivity('whoami', { serviceUrl: harness.fake.serviceUrl, id: '1700000000401' }),
    );
    expect(res.status).toBe(200);
    expect(harness.seen[0]?.actor).toMatchObject({
      id: ALICE.id,
      aadObjectId: ALICE.aadObjectId,
      email: undefined,
      directory: 'unavailable',
    });
    const reply = await harness.fake.waitFor((c) => c.route === 'reply');
    expect(reply.body).toMatchObject({ text: 'ok' });
    expect(await lookups('failed')).toBe(1);
    // A failure is not cached: the next activity asks again.
    harness.fake.setMember(ALICE.id, { email: ALICE_MAIL });
    await postActivity(
      harness.messagesUrl,
      messageActivity('whoami', { serviceUrl: harness.fake.serviceUrl }),
    );
    expect(harness.seen[1]?.actor).toMatchObject({ email: ALICE_MAIL });
    expect(harness.seen[1]?.actor.directory).toBeUndefined();
  });

  it('stops waiting for a member API that does not answer, and the click still gets its invoke response', async () => {
    await start({ memberLookupTimeoutMs: 200 });
    harness.answerWith(() =>
      Promise.resolve({ visibility: 'replace', message: { card: card('Done'), text: 'Done' } }),
    );
    harness.fake.hangNext(/\/members\//);
    const res = await postActivity(
      harness.messagesUrl,
      cardActionActivity({
        serviceUrl: harness.fake.serviceUrl,
        from: BOB,
        verb: 'approval.approve',
        data: { id: 'apr_1' },
      }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ statusCode: 200, value: card('Done') });
    expect(harness.seen[0]?.actor).toMatchObject({ id: BOB.id, directory: 'unavailable' });
    expect(await lookups('failed')).toBe(1);
    expect(harness.log.text()).toContain('teams member lookup failed');
  });
});
