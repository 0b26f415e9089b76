// The tenant boundary: an activity of any type from another Entra tenant, or naming none, is refused
// before the core, the member API or the conversation store see it; it gets no data back (an invoke
// an error, a message one plain line, anything else nothing), is counted, and logged at most once a
// minute per foreign tenant. Activities from the allowed tenant still work.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FOREIGN_TENANT_INVOKE, FOREIGN_TENANT_TEXT, conversationKey } from '../../src/chat/teams/index.js';
import {
  CHANNEL_ID,
  FOREIGN_TENANT_ID,
  GROUP_CHAT_ID,
  PERSONAL_CHAT_ID,
  TENANT_ID,
  botMembershipActivity,
  cardActionActivity,
  installationActivity,
  invokeActivity,
  messageActivity,
  postActivity,
  type TeamsActivity,
} from '../helpers/teams-activity.js';
import { card, startHarness, type Harness } from './harness.js';

let harness: Harness;
let now: number;
beforeEach(async () => {
  now = 1_800_000_000_000;
  harness = await startHarness({ clock: { now: () => now } });
  harness.answerWith(() =>
    Promise.resolve({ visibility: 'channel', message: { card: card('web-07: Active'), text: 'web-07' } }),
  );
});
afterEach(async () => {
  await harness.close();
});

const REFUSALS = 'defbot_foreign_refusals_total';

function foreign<T extends TeamsActivity>(
  build: (options: { serviceUrl: string; tenantId: string }) => T,
): T {
  return build({ serviceUrl: harness.fake.serviceUrl, tenantId: FOREIGN_TENANT_ID });
}

/** Every key the adapter wrote under the harness prefix (conversation references, cached members, …). */
async function storedKeys(): Promise<string[]> {
  return harness.redis.keys(`${harness.prefix}:*`);
}

function refusalLines(tenantId: string): number {
  return harness.log
    .text()
    .split('\n')
    .filter((line) => line.includes('teams activity refused') && line.includes(tenantId)).length;
}

describe('activities from another tenant', () => {
  it('answers a message with one plain line and nothing else: no core, no member lookup, no reference stored', async () => {
    const res = await postActivity(
      harness.messagesUrl,
      foreign((o) => messageActivity('machine web-07', { ...o, scope: 'groupChat', id: '1700000000301' })),
    );
    expect(res.status).toBe(200);
    expect(harness.seen).toEqual([]);
    const calls = harness.fake.calls();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      route: 'reply',
      conversationId: GROUP_CHAT_ID,
      targetId: '1700000000301',
    });
    expect(calls[0]?.body).toMatchObject({ type: 'message', textFormat: 'plain', text: FOREIGN_TENANT_TEXT });
    expect(calls[0]?.body.attachments).toBeUndefined();
    expect(await harness.redis.exists(conversationKey(harness.prefix, GROUP_CHAT_ID))).toBe(0);
    expect(await storedKeys()).toEqual([]);
    expect(await harness.counter(REFUSALS, { platform: 'teams', kind: 'message' })).toBe(1);
  });

  it('answers an Action.Execute click with a Universal Actions 403 error and runs nothing', async () => {
    const res = await postActivity(
      harness.messagesUrl,
      foreign((o) => cardActionActivity({ ...o, verb: 'approval.approve', data: { id: 'apr_1' } })),
    );
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      statusCode: 403,
      type: 'application/vnd.microsoft.error',
      value: { code: 'Forbidden', message: expect.any(String) as string },
    });
    expect(FOREIGN_TENANT_INVOKE.statusCode).toBe(403);
    expect(harness.seen).toEqual([]);
    expect(harness.fake.calls()).toEqual([]);
    expect(await storedKeys()).toEqual([]);
    expect(await harness.counter(REFUSALS, { platform: 'teams', kind: 'invoke' })).toBe(1);
  });

  it('answers any other invoke with the same error', async () => {
    const res = await postActivity(
      harness.messagesUrl,
      foreign((o) => invokeActivity('composeExtension/query', o)),
    );
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({
      statusCode: 403,
      type: 'application/vnd.microsoft.error',
      value: { code: 'Forbidden' },
    });
    expect(harness.fake.calls()).toEqual([]);
  });

  it('stores nothing and answers nothing when the bot is added or installed there', async () => {
    expect(
      (
        await postActivity(
          harness.messagesUrl,
          foreign((o) => botMembershipActivity('added', o)),
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await postActivity(
          harness.messagesUrl,
          foreign((o) => installationActivity('add', o)),
        )
      ).status,
    ).toBe(200);
    expect(await harness.adapter.conversations.get(CHANNEL_ID)).toBeUndefined();
    expect(await harness.adapter.conversations.get(PERSONAL_CHAT_ID)).toBeUndefined();
    expect(await storedKeys()).toEqual([]);
    expect(harness.fake.calls()).toEqual([]);
    expect(await harness.counter(REFUSALS, { platform: 'teams', kind: 'conversationUpdate' })).toBe(1);
    expect(await harness.counter(REFUSALS, { platform: 'teams', kind: 'installationUpdate' })).toBe(1);
  });

  it("cannot remove the allowed tenant's conversation reference either", async () => {
    await postActivity(
      harness.messagesUrl,
      botMembershipActivity('added', { serviceUrl: harness.fake.serviceUrl }),
    );
    await postActivity(
      harness.messagesUrl,
      foreign((o) => botMembershipActivity('removed', o)),
    );
    expect(await harness.adapter.conversations.get(CHANNEL_ID)).toBeDefined();
  });

  it('refuses an activity that names no tenant', async () => {
    const res = await postActivity(
      harness.messagesUrl,
      messageActivity('machine web-07', {
        serviceUrl: harness.fake.serviceUrl,
        scope: 'groupChat',
        tenantId: null,
      }),
    );
    expect(res.status).toBe(200);
    expect(harness.seen).toEqual([]);
    expect(harness.fake.calls().map((c) => c.body.text)).toEqual([FOREIGN_TENANT_TEXT]);
    expect(await storedKeys()).toEqual([]);
    expect(harness.log.text()).toContain('it names no tenant');
  });

  it('refuses an activity whose channelData and conversation name different tenants', async () => {
    const mixed = messageActivity('machine web-07', {
      serviceUrl: harness.fake.serviceUrl,
      scope: 'groupChat',
    });
    (mixed.conversation as Record<string, unknown>).tenantId = FOREIGN_TENANT_ID;
    await postActivity(harness.messagesUrl, mixed);
    expect(harness.seen).toEqual([]);
    expect(await storedKeys()).toEqual([]);
  });

  it('logs the foreign tenant once a minute however often it knocks, and every refusal still counts', async () => {
    const other = 'a0a0a0a0-0000-4000-8000-0000000000cc';
    for (let i = 0; i < 3; i++)
      await postActivity(
        harness.messagesUrl,
        foreign((o) => invokeActivity('task/fetch', o)),
      );
    await postActivity(
      harness.messagesUrl,
      invokeActivity('task/fetch', { serviceUrl: harness.fake.serviceUrl, tenantId: other }),
    );
    expect(refusalLines(FOREIGN_TENANT_ID)).toBe(1);
    expect(refusalLines(other)).toBe(1);
    expect(harness.log.text()).toMatch(/"level":40[^\n]*foreign tenant/);

    now += 59_000;
    await postActivity(
      harness.messagesUrl,
      foreign((o) => invokeActivity('task/fetch', o)),
    );
    expect(refusalLines(FOREIGN_TENANT_ID)).toBe(1);

    now += 2_000;
    await postActivity(
      harness.messagesUrl,
      foreign((o) => invokeActivity('task/fetch', o)),
    );
    expect(refusalLines(FOREIGN_TENANT_ID)).toBe(2);
    expect(harness.log.text()).toContain('"suppressedSinceLastLine":3');
    expect(await harness.counter(REFUSALS, { platform: 'teams', kind: 'invoke' })).toBe(6);
  });

  it('counts a made-up activity type as "other", never as a new label', async () => {
    await postActivity(harness.messagesUrl, {
      ...foreign((o) => invokeActivity('x', o)),
      type: 'made-up-type-1',
    });
    expect(await harness.counter(REFUSALS, { platform: 'teams', kind: 'other' })).toBe(1);
  });
});

describe('activities from the allowed tenant', () => {
  it('still reach the core and get the answer, whatever the case of the tenant id', async () => {
    const res = await postActivity(
      harness.messagesUrl,
      messageActivity('machine web-07', {
        serviceUrl: harness.fake.serviceUrl,
        scope: 'groupChat',
        tenantId: TENANT_ID.toUpperCase(),
      }),
    );
    expect(res.status).toBe(200);
    expect(harness.seen).toHaveLength(1);
    expect(harness.seen[0]?.actor.tenantId).toBe(TENANT_ID);
    const reply = await harness.fake.waitFor((c) => c.route === 'reply');
    expect(reply.body).toMatchObject({ text: 'web-07' });
    expect(await harness.adapter.conversations.get(GROUP_CHAT_ID)).toBeDefined();
    expect(await harness.counter(REFUSALS, { platform: 'teams', kind: 'message' })).toBe(0);
  });
});
