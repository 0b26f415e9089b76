// The Teams adapter as startBot wires it: with TEAMS_ALLOW_UNAUTHENTICATED the shared server answers
// /api/messages, a command goes through the real dispatcher, and the card reply reaches the connector.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { BOT_TOKEN, startTestBot, type TestBot } from '../helpers/bot.js';
import { startFakeConnector, type FakeConnector } from '../helpers/fake-connector.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { startTestSimulator } from '../helpers/sim.js';
import { ALICE, messageActivity, postActivity } from '../helpers/teams-activity.js';

let sim: Simulator;
let slack: FakeSlack;
let connector: FakeConnector;
let bot: TestBot;

beforeAll(async () => {
  sim = await startTestSimulator();
  slack = await startFakeSlack({ botToken: BOT_TOKEN });
  connector = await startFakeConnector();
  bot = await startTestBot({
    sim,
    slack,
    env: { TEAMS_ALLOW_UNAUTHENTICATED: 'true' },
    rbac: `roles:\n  viewer: ["teams:${ALICE.id}"]\n  responder: []\n  approver: []\n  admin: []\n`,
  });
});
afterAll(async () => {
  await bot.close();
  await connector.close();
  await slack.close();
  await sim.close();
});

describe('startBot with Teams', () => {
  it('answers "@Defbot help" in a channel with a card reply', async () => {
    const res = await postActivity(`${bot.url}/api/messages`, messageActivity('help', { serviceUrl: connector.serviceUrl, id: '1700000000900' }));
    expect(res.status).toBe(200);
    const reply = await connector.waitFor((c) => c.route === 'reply');
    expect(reply.targetId).toBe('1700000000900');
    expect(reply.body).toMatchObject({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive' }] });
  });
});
