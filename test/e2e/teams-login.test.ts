// A sign-in link is bound to one person: on Teams, where nothing is ephemeral, `login` in a channel
// sends it in a 1:1 chat and the channel only hears that a private message was sent.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestBot } from '../helpers/bot.js';
import type { FakeConnector } from '../helpers/fake-connector.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { ALICE, messageActivity, postActivity } from '../helpers/teams-activity.js';

let stack: Stack;
let connector: FakeConnector;
let bot: TestBot;

beforeAll(async () => {
  stack = await startStack({
    rbac: `roles:\n  viewer: ["teams:${ALICE.id}"]\n  responder: []\n  approver: []\n  admin: []\nuserContext: optional\n`,
    env: { PUBLIC_URL: 'http://127.0.0.1:3978', TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64') },
  });
  ({ connector, bot } = stack);
});
afterAll(() => stack.close());

describe('Teams login', () => {
  it('sends the sign-in link in a 1:1 chat, never into the channel', async () => {
    const activity = messageActivity('login', {
      serviceUrl: connector.serviceUrl,
      scope: 'channel',
      from: ALICE,
    });
    const response = await postActivity(`${bot.url}/api/messages`, activity);
    expect(response.status).toBe(200);
    const created = await connector.waitFor((c) => c.route === 'create');
    expect(JSON.stringify(created.body)).toContain(ALICE.id);
    const privateMessage = await connector.waitFor(
      (c) => c.route !== 'create' && JSON.stringify(c.body).includes('/auth/start?state='),
    );
    expect(privateMessage.conversationId).not.toContain('soc-channel');
    const channelReply = await connector.waitFor((c) => c.route === 'reply' && c.targetId === activity.id);
    expect(JSON.stringify(channelReply.body)).toMatch(/private message/i);
    const channelCalls = connector.calls().filter((c) => c.conversationId?.includes('soc-channel'));
    for (const call of channelCalls) expect(JSON.stringify(call.body)).not.toContain('/auth/start');
  });
});
