// Alert notifications on Teams through the same poller and Reply port: an admin subscribes a channel
// with "@Defbot subscribe high", a High alert is sent there proactively, and resolving it updates that
// activity in place.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import type { TestBot } from '../helpers/bot.js';
import type { FakeConnector } from '../helpers/fake-connector.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { ALICE, CHANNEL_ID, messageActivity, postActivity } from '../helpers/teams-activity.js';

const ONE_POLL = 10_000;
let stack: Stack;
let sim: Simulator;
let connector: FakeConnector;
let bot: TestBot;

beforeAll(async () => {
  stack = await startStack({
    env: { ALERT_POLL_SECONDS: '5' },
    rbac: `roles:\n  viewer: []\n  responder: []\n  approver: []\n  admin: ["teams:${ALICE.id}"]\n`,
  });
  ({ sim, connector, bot } = stack);
});
afterAll(() => stack.close());

describe('alert notifications (Teams)', () => {
  it('subscribes a channel, sends a High alert card there and updates the same activity on resolution', async () => {
    const res = await postActivity(
      `${bot.url}/api/messages`,
      messageActivity('subscribe high', { serviceUrl: connector.serviceUrl, id: '1700000000901' }),
    );
    expect(res.status).toBe(200);
    const answer = await connector.waitFor(
      (c) => c.route === 'reply' && JSON.stringify(c.body).includes('Subscribed'),
    );
    expect(JSON.stringify(answer.body)).toContain('High alerts');
    const subscriptions = await bot.redis.hkeys(`${bot.prefix}:alerts:subs`);
    expect(subscriptions).toHaveLength(1);
    expect(subscriptions[0]).toMatch(/^teams:/);

    const alert = sim.mde.addAlert({
      title: 'Teams ransomware',
      severity: 'High',
      machineId: sim.mde.listMachines()[0]!.id,
    });
    const sent = await connector.waitFor(
      (c) =>
        c.method === 'POST' &&
        c.route !== 'update' &&
        c.status < 300 &&
        JSON.stringify(c.body).includes(alert.id),
      ONE_POLL,
    );
    expect(sent.conversationId).toContain(CHANNEL_ID);
    expect(JSON.stringify(sent.body)).toContain('alert.isolate');

    sim.mde.updateAlert(alert.id, { status: 'Resolved' });
    const updated = await connector.waitFor(
      (c) =>
        c.route === 'update' &&
        JSON.stringify(c.body).includes('Resolved') &&
        JSON.stringify(c.body).includes(alert.id),
      ONE_POLL + 5000,
    );
    expect(updated.targetId).toBeDefined();
    const posts = connector
      .calls()
      .filter(
        (c) =>
          c.method === 'POST' &&
          c.route !== 'update' &&
          c.status < 300 &&
          JSON.stringify(c.body).includes(alert.id),
      );
    expect(posts).toHaveLength(1);
  });
});
