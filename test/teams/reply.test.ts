// The Teams Reply port against the fake connector: proactive posts and updates hit the connector's
// routes, private messages open a 1:1 chat, and failures become BotErrors the notify queue can act on.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOT_REMOVED_TEXT } from '../../src/chat/teams/index.js';
import { createWorkingHandoff } from '../../src/chat/teams/working.js';
import { BotError, type ConversationRef } from '../../src/core/index.js';
import {
  ALICE,
  BOB,
  GROUP_CHAT_ID,
  TENANT_ID,
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

const message = { card: card('New alert: Suspicious PowerShell'), text: 'New alert' };
const bob = {
  platform: 'teams' as const,
  id: BOB.id,
  tenantId: TENANT_ID,
  displayName: BOB.name,
  email: undefined,
  aadObjectId: BOB.aadObjectId,
};

/** The conversation as the core knows it after someone spoke to the bot in the group chat. */
async function knownConversation(): Promise<ConversationRef> {
  await postActivity(
    harness.messagesUrl,
    messageActivity('subscribe', { serviceUrl: harness.fake.serviceUrl, scope: 'groupChat' }),
  );
  const conversation = harness.seen.at(-1)?.conversation;
  if (!conversation) throw new Error('the message did not reach the core');
  return conversation;
}

function byIdOnly(conversation: ConversationRef): ConversationRef {
  return { ...conversation, platformData: undefined };
}

async function failure(promise: Promise<unknown>): Promise<BotError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof BotError)) throw new Error(`expected a BotError, got ${String(error)}`);
  return error;
}

describe('Reply.post', () => {
  it('posts proactively to /v3/conversations/{id}/activities/{continuation id} and returns the new activity id', async () => {
    const conversation = await knownConversation();
    const ref = await harness.adapter.reply.post(conversation, message);
    const call = await harness.fake.waitFor((c) => c.route === 'reply' && c.conversationId === GROUP_CHAT_ID);
    expect(call.targetId).toMatch(/^[0-9a-f-]{36}$/);
    expect(call.body).toMatchObject({
      type: 'message',
      text: 'New alert',
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: message.card }],
    });
    expect(ref).toEqual({ conversation, messageId: expect.stringMatching(/^activity-/) as unknown });
    expect(call.authorization).toBeUndefined();
  });

  it('falls back to the stored reference when the conversation carries none', async () => {
    const conversation = byIdOnly(await knownConversation());
    await harness.adapter.reply.post(conversation, message);
    await harness.fake.waitFor((c) => c.route === 'reply' && c.conversationId === GROUP_CHAT_ID);
  });

  it('refuses a conversation the bot has never seen with a non-retryable NOT_FOUND', async () => {
    const error = await failure(
      harness.adapter.reply.post(
        {
          platform: 'teams',
          id: '19:unknown@thread.v2',
          tenantId: TENANT_ID,
          serviceUrl: undefined,
          platformData: undefined,
        },
        message,
      ),
    );
    expect(error.code).toBe('NOT_FOUND');
    expect(error.retryable).toBe(false);
  });

  it.each([
    [404, 'NOT_FOUND'],
    [403, 'FORBIDDEN'],
  ] as const)('prunes the stored reference on %i and throws a non-retryable %s', async (status, code) => {
    const conversation = await knownConversation();
    expect(await harness.adapter.conversations.get(GROUP_CHAT_ID)).toBeDefined();
    harness.fake.failNext(/^POST \/v3\/conversations\/.+\/activities\//, status);
    const error = await failure(harness.adapter.reply.post(conversation, message));
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(false);
    expect(error.userMessage).toContain(BOT_REMOVED_TEXT);
    expect(await harness.adapter.conversations.get(GROUP_CHAT_ID)).toBeUndefined();
    // The connector was asked once: the SDK's own retries are off.
    expect(harness.fake.calls().filter((c) => c.status === status)).toHaveLength(1);
  });

  it('turns a 429 into THROTTLED with the Retry-After wait, asking the connector once', async () => {
    const conversation = await knownConversation();
    harness.fake.failNext(/^POST \/v3\/conversations\/.+\/activities\//, 429, 7);
    const error = await failure(harness.adapter.reply.post(conversation, message));
    expect(error.code).toBe('THROTTLED');
    expect(error.retryAfterMs).toBe(7000);
    expect(error.retryable).toBe(true);
    expect(harness.fake.calls().filter((c) => c.status === 429)).toHaveLength(1);
    expect(await harness.adapter.conversations.get(GROUP_CHAT_ID)).toBeDefined();
  });

  it('turns a 5xx into TRANSIENT and keeps the reference', async () => {
    const conversation = await knownConversation();
    harness.fake.failNext(/^POST \/v3\/conversations\/.+\/activities\//, 502);
    const error = await failure(harness.adapter.reply.post(conversation, message));
    expect(error.code).toBe('TRANSIENT');
    expect(await harness.adapter.conversations.get(GROUP_CHAT_ID)).toBeDefined();
  });

  it('turns an unreachable connector into TRANSIENT', async () => {
    const conversation = await knownConversation();
    await harness.fake.close();
    const error = await failure(harness.adapter.reply.post(conversation, message));
    expect(error.code).toBe('TRANSIENT');
  });
});

describe('Reply.update', () => {
  it('replaces the message with PUT /v3/conversations/{id}/activities/{activityId}', async () => {
    const conversation = await knownConversation();
    const updated = { card: card('Isolated'), text: 'Isolated' };
    await harness.adapter.reply.update({ conversation, messageId: 'activity-42' }, updated);
    const call = await harness.fake.waitFor((c) => c.route === 'update');
    expect(call.conversationId).toBe(GROUP_CHAT_ID);
    expect(call.targetId).toBe('activity-42');
    expect(call.body).toMatchObject({
      id: 'activity-42',
      type: 'message',
      attachments: [{ content: updated.card }],
    });
  });

  it('prunes on 404 there too', async () => {
    const conversation = await knownConversation();
    harness.fake.failNext('PUT /v3/conversations', 404);
    const error = await failure(
      harness.adapter.reply.update({ conversation, messageId: 'activity-42' }, message),
    );
    expect(error.code).toBe('NOT_FOUND');
    expect(await harness.adapter.conversations.get(GROUP_CHAT_ID)).toBeUndefined();
  });
});

describe('Reply.postPrivate', () => {
  it('opens a 1:1 conversation with the user and sends the message there, never into the group chat', async () => {
    const conversation = await knownConversation();
    await harness.adapter.reply.postPrivate(conversation, bob, message);
    const create = await harness.fake.waitFor((c) => c.route === 'create');
    expect(create.body).toMatchObject({
      isGroup: false,
      bot: { id: '28:defbot-app-id' },
      members: [{ id: BOB.id }],
      tenantId: TENANT_ID,
      channelData: { tenant: { id: TENANT_ID } },
    });
    const sent = await harness.fake.waitFor(
      (c) => c.route === 'reply' && c.conversationId?.startsWith('a:personal-') === true,
    );
    expect(sent.body).toMatchObject({ text: 'New alert', attachments: [{ content: message.card }] });
    expect(
      harness.fake
        .calls()
        .some((c) => c.conversationId === GROUP_CHAT_ID && (c.route === 'reply' || c.route === 'send')),
    ).toBe(false);
  });

  it('maps a refused 1:1 chat to a non-retryable error without pruning the group chat', async () => {
    const conversation = await knownConversation();
    harness.fake.failNext('POST /v3/conversations', 403);
    const error = await failure(
      harness.adapter.reply.postPrivate(conversation, { ...bob, id: ALICE.id }, message),
    );
    expect(error.code).toBe('FORBIDDEN');
    expect(error.retryable).toBe(false);
    expect(await harness.adapter.conversations.get(GROUP_CHAT_ID)).toBeDefined();
  });
});

describe('Reply.finishWorking', () => {
  const failed = { card: card('Defender is not answering'), text: 'Defender is not answering: HTTP 500' };
  const handoff = () => createWorkingHandoff(harness.redis, harness.prefix);

  it('updates the working card to a failure in place; nothing goes to a 1:1 chat', async () => {
    const conversation = await knownConversation();
    const workingCard = { conversation, messageId: 'working-7' };
    expect(await handoff().claimWorking('corr-fail', workingCard)).toBeUndefined();
    const finished = await harness.adapter.reply.finishWorking!(conversation, 'corr-fail', {
      audience: 'failure',
      message: failed,
    });
    expect(finished).toEqual({ delivered: true, ref: workingCard });
    const update = await harness.fake.waitFor((c) => c.route === 'update');
    expect(update.targetId).toBe('working-7');
    expect(update.body).toMatchObject({ attachments: [{ content: failed.card }] });
    expect(harness.fake.calls().filter((c) => c.route === 'create' || c.route === 'send')).toEqual([]);
  });

  it('a failure faster than the working card goes privately, and the card, once sent, points at it', async () => {
    const conversation = await knownConversation();
    const finished = await harness.adapter.reply.finishWorking!(conversation, 'corr-early', {
      audience: 'failure',
      message: failed,
    });
    expect(finished).toEqual({ delivered: false });
    expect(await handoff().claimWorking('corr-early', { conversation, messageId: 'working-8' })).toBe(
      'private',
    );
  });
});
