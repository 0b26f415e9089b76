// Messages to the bot through the real server with authentication off: the @mention is stripped, the
// verified sender becomes the actor, and the core's answer arrives at the connector as an Adaptive Card reply.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAILURE_TEXT } from '../../src/chat/teams/index.js';
import {
  ALICE,
  CHANNEL_ID,
  GROUP_CHAT_ID,
  PERSONAL_CHAT_ID,
  TENANT_ID,
  cardActionActivity,
  messageActivity,
  postActivity,
} from '../helpers/teams-activity.js';
import { card, startHarness, type Harness } from './harness.js';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.close();
});

const helpCard = card('Commands: machine, isolate, …');

describe('message activities', () => {
  it('hands the core the command without the @mention and the sender from the activity', async () => {
    const activity = messageActivity('help', { serviceUrl: harness.fake.serviceUrl, id: '1700000000123' });
    const res = await postActivity(harness.messagesUrl, activity);
    expect(res.status).toBe(200);
    expect(harness.seen).toHaveLength(1);
    const [interaction] = harness.seen;
    expect(interaction).toMatchObject({
      platform: 'teams',
      actor: {
        platform: 'teams',
        id: ALICE.id,
        tenantId: TENANT_ID,
        displayName: ALICE.name,
        email: undefined,
        aadObjectId: ALICE.aadObjectId,
      },
      conversation: {
        platform: 'teams',
        id: `${CHANNEL_ID};messageid=1700000000123`,
        tenantId: TENANT_ID,
        serviceUrl: harness.fake.serviceUrl,
      },
      input: { kind: 'command', text: 'help' },
    });
    expect(interaction?.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(interaction?.conversation.platformData).toMatchObject({
      channelId: 'msteams',
      serviceUrl: harness.fake.serviceUrl,
      bot: { id: '28:defbot-app-id' },
      conversation: { id: `${CHANNEL_ID};messageid=1700000000123` },
    });
  });

  it('names the delivery by conversation and activity id, the same for a re-sent activity', async () => {
    const activity = messageActivity('help', {
      serviceUrl: harness.fake.serviceUrl,
      scope: 'groupChat',
      id: '1700000000125',
    });
    await postActivity(harness.messagesUrl, activity);
    await postActivity(harness.messagesUrl, activity);
    expect(harness.seen.map((i) => i.deliveryId)).toEqual([
      `teams:${GROUP_CHAT_ID}:1700000000125`,
      `teams:${GROUP_CHAT_ID}:1700000000125`,
    ]);
    const click = cardActionActivity({
      serviceUrl: harness.fake.serviceUrl,
      scope: 'groupChat',
      verb: 'machine.show',
      data: { id: 'mch_1' },
      id: 'f:click-1',
    });
    await postActivity(harness.messagesUrl, click);
    expect(harness.seen[2]?.deliveryId).toBe(`teams:${GROUP_CHAT_ID}:f:click-1`);
    const withoutId = messageActivity('help', { serviceUrl: harness.fake.serviceUrl, scope: 'groupChat' });
    delete withoutId.id;
    await postActivity(harness.messagesUrl, withoutId);
    expect(harness.seen[3]).not.toHaveProperty('deliveryId');
  });

  it('sends a private answer as a reply carrying the Adaptive Card', async () => {
    harness.answerWith(() =>
      Promise.resolve({ visibility: 'private', message: { card: helpCard, text: 'Help' } }),
    );
    await postActivity(
      harness.messagesUrl,
      messageActivity('help', { serviceUrl: harness.fake.serviceUrl, id: '1700000000124' }),
    );
    const reply = await harness.fake.waitFor((c) => c.route === 'reply');
    expect(reply.conversationId).toBe(`${CHANNEL_ID};messageid=1700000000124`);
    expect(reply.targetId).toBe('1700000000124');
    expect(reply.body).toMatchObject({
      type: 'message',
      text: 'Help',
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: helpCard }],
      replyToId: '1700000000124',
    });
  });

  it('reads group chats and personal chats too; stray <at> tags go as well', async () => {
    await postActivity(
      harness.messagesUrl,
      messageActivity('machine web-07', { serviceUrl: harness.fake.serviceUrl, scope: 'groupChat' }),
    );
    await postActivity(
      harness.messagesUrl,
      messageActivity('whoami', { serviceUrl: harness.fake.serviceUrl, scope: 'personal' }),
    );
    await postActivity(
      harness.messagesUrl,
      messageActivity('alerts <at>Bob</at>', { serviceUrl: harness.fake.serviceUrl, scope: 'personal' }),
    );
    expect(harness.seen.map((i) => [i.conversation.id, i.input])).toEqual([
      [GROUP_CHAT_ID, { kind: 'command', text: 'machine web-07' }],
      [PERSONAL_CHAT_ID, { kind: 'command', text: 'whoami' }],
      [PERSONAL_CHAT_ID, { kind: 'command', text: 'alerts' }],
    ]);
  });

  it('takes the tenant from channelData when the conversation has none', async () => {
    const activity = messageActivity('help', { serviceUrl: harness.fake.serviceUrl, scope: 'groupChat' });
    delete (activity.conversation as Record<string, unknown>).tenantId;
    await postActivity(harness.messagesUrl, activity);
    expect(harness.seen[0]?.actor.tenantId).toBe(TENANT_ID);
  });

  it('sends nothing for a none answer, and stores the conversation reference either way', async () => {
    await postActivity(
      harness.messagesUrl,
      messageActivity('isolate web-07 beacon', { serviceUrl: harness.fake.serviceUrl, scope: 'groupChat' }),
    );
    expect(harness.fake.calls().filter((c) => c.route === 'reply' || c.route === 'send')).toEqual([]);
    const stored = await harness.adapter.conversations.get(GROUP_CHAT_ID);
    expect(stored).toMatchObject({
      conversation: { id: GROUP_CHAT_ID },
      serviceUrl: harness.fake.serviceUrl,
      bot: { id: '28:defbot-app-id' },
    });
  });

  it('answers "try again" when the core throws', async () => {
    harness.answerWith(() => Promise.reject(new Error('boom')));
    const res = await postActivity(
      harness.messagesUrl,
      messageActivity('help', { serviceUrl: harness.fake.serviceUrl }),
    );
    expect(res.status).toBe(200);
    const reply = await harness.fake.waitFor((c) => c.route === 'reply');
    expect(reply.body).toMatchObject({ type: 'message', text: FAILURE_TEXT });
    expect(harness.log.text()).toContain('teams command handler failed');
  });

  it('answers "try again" through onTurnError when the reply itself fails, and the request still gets 200', async () => {
    harness.answerWith(() =>
      Promise.resolve({ visibility: 'channel', message: { card: helpCard, text: 'Help' } }),
    );
    harness.fake.failNext(/^POST \/v3\/conversations\/.+\/activities/, 500);
    const res = await postActivity(
      harness.messagesUrl,
      messageActivity('help', { serviceUrl: harness.fake.serviceUrl }),
    );
    expect(res.status).toBe(200);
    const calls = harness.fake.calls().filter((c) => c.route === 'reply');
    expect(calls.map((c) => c.status)).toEqual([500, 200]);
    expect(calls[1]?.body).toMatchObject({ text: FAILURE_TEXT });
    expect(harness.log.text()).toContain('teams turn failed');
  });

  it('refuses a body that is not an activity with 400 and calls nothing', async () => {
    const res = await fetch(harness.messagesUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text":"hi"}',
    });
    expect(res.status).toBe(400);
    expect(harness.seen).toEqual([]);
  });
});
