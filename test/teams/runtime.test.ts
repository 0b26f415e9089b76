// The Teams adapter as startBot wires it: with TEAMS_ALLOW_UNAUTHENTICATED the shared server answers
// /api/messages, a command goes through the real dispatcher, and the card reply reaches the connector.
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
    rbac: `roles:\n  viewer: ["teams:${ALICE.id}"]\n  responder: []\n  approver: []\n  admin: []\n`,
  });
  ({ connector, bot } = stack);
});
afterAll(() => stack.close());

describe('startBot with Teams', () => {
  it('answers "@Defbot help" in a channel with a card reply', async () => {
    const res = await postActivity(
      `${bot.url}/api/messages`,
      messageActivity('help', { serviceUrl: connector.serviceUrl, id: '1700000000900' }),
    );
    expect(res.status).toBe(200);
    const reply = await connector.waitFor((c) => c.route === 'reply');
    expect(reply.targetId).toBe('1700000000900');
    expect(reply.body).toMatchObject({
      type: 'message',
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive' }],
    });
  });
});
