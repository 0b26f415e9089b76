// The conversation store on real Redis, and the activities that keep it true: bot added / installed
// saves a reference, bot removed / uninstalled deletes it.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { conversationKey, createConversationStore } from '../../src/chat/teams/index.js';
import {
  CHANNEL_ID,
  PERSONAL_CHAT_ID,
  botMembershipActivity,
  installationActivity,
  postActivity,
} from '../helpers/teams-activity.js';
import { startHarness, type Harness } from './harness.js';

const reference = {
  activityId: '1700000000001',
  user: { id: '29:1alice', name: 'Alice' },
  bot: { id: '28:defbot-app-id', name: 'Defbot' },
  conversation: {
    id: '19:abc@thread.tacv2',
    isGroup: true,
    conversationType: 'channel',
    tenantId: 'tenant-1',
  },
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  locale: 'en-US',
};

describe('ConversationStore', () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const prefix = `test-${randomUUID()}`;
  const store = createConversationStore(redis, prefix);
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('saves under prefix:teams:conv:<id>, reads back and deletes', async () => {
    await store.save(reference);
    expect(await redis.exists(conversationKey(prefix, reference.conversation.id))).toBe(1);
    expect(conversationKey(prefix, 'x')).toBe(`${prefix}:teams:conv:x`);
    expect(await store.get(reference.conversation.id)).toEqual(reference);
    await store.delete(reference.conversation.id);
    expect(await store.get(reference.conversation.id)).toBeUndefined();
  });

  it.each([
    ['not JSON', '{nope'],
    ['no serviceUrl', JSON.stringify({ ...reference, serviceUrl: undefined })],
    ['a serviceUrl that is not http(s)', JSON.stringify({ ...reference, serviceUrl: 'file:///etc/passwd' })],
    ['no bot', JSON.stringify({ ...reference, bot: undefined })],
  ])('reads %s as nothing', async (_name, raw) => {
    await redis.set(conversationKey(prefix, 'bad'), raw);
    expect(await store.get('bad')).toBeUndefined();
  });
});

describe('membership activities', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => {
    await harness.close();
  });

  it('stores the reference when the bot is added to a team and drops it when removed', async () => {
    expect(
      (
        await postActivity(
          harness.messagesUrl,
          botMembershipActivity('added', { serviceUrl: harness.fake.serviceUrl }),
        )
      ).status,
    ).toBe(200);
    expect(await harness.adapter.conversations.get(CHANNEL_ID)).toMatchObject({
      conversation: { id: CHANNEL_ID },
      serviceUrl: harness.fake.serviceUrl,
    });
    await postActivity(
      harness.messagesUrl,
      botMembershipActivity('removed', { serviceUrl: harness.fake.serviceUrl }),
    );
    expect(await harness.adapter.conversations.get(CHANNEL_ID)).toBeUndefined();
    expect(harness.seen).toEqual([]);
  });

  it('ignores other members joining', async () => {
    const join = botMembershipActivity('added', { serviceUrl: harness.fake.serviceUrl });
    join.membersAdded = [{ id: '29:1new-user' }];
    await postActivity(harness.messagesUrl, join);
    expect(await harness.adapter.conversations.get(CHANNEL_ID)).toBeUndefined();
  });

  it('stores on install and deletes on uninstall', async () => {
    await postActivity(
      harness.messagesUrl,
      installationActivity('add', { serviceUrl: harness.fake.serviceUrl }),
    );
    expect(await harness.adapter.conversations.get(PERSONAL_CHAT_ID)).toBeDefined();
    await postActivity(
      harness.messagesUrl,
      installationActivity('remove', { serviceUrl: harness.fake.serviceUrl }),
    );
    expect(await harness.adapter.conversations.get(PERSONAL_CHAT_ID)).toBeUndefined();
  });
});
