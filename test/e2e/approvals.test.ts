// The approve-isolation flow end to end on Slack: request, four-eyes refusals, approval, exactly one
// MDE call with the documented body, and the same message updated through to the action's result.
import { Queue } from 'bullmq';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator, SimMachine } from '../../src/sim/index.js';
import { BOT_TOKEN, USERS, startTestBot, type TestBot } from '../helpers/bot.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { buttons, content, SlackDriver, tsOf } from '../helpers/slack-flow.js';
import { startTestSimulator } from '../helpers/sim.js';

let sim: Simulator;
let slack: FakeSlack;
let bot: TestBot;
let driver: SlackDriver;
let now = Date.now();
let machines: SimMachine[];
let next = 0;

beforeAll(async () => {
  sim = await startTestSimulator({ lifecycle: { pendingMs: 300, inProgressMs: 300 } });
  slack = await startFakeSlack({ botToken: BOT_TOKEN });
  bot = await startTestBot({ sim, slack, clock: { now: () => now } });
  driver = new SlackDriver(bot, slack);
  machines = sim.mde.listMachines();
});
afterAll(async () => {
  await bot.close();
  await slack.close();
  await sim.close();
});
beforeEach(() => {
  now = Date.now();
});

/** A fresh machine per test, so pending actions of one test never meet another's. */
function machine(): SimMachine {
  return machines[next++ % machines.length]!;
}

const isolatePosts = (m: SimMachine) =>
  sim.calls().filter((c) => c.method === 'POST' && c.path === `/api/machines/${m.id}/isolate`);

async function requestIsolation(target: SimMachine, channel: string) {
  const ack = await driver.command(
    `isolate ${target.computerDnsName} full ransomware beacon seen`,
    USERS.responder,
    channel,
  );
  expect(ack.status).toBe(200);
  const card = await driver.posted(channel, /approver must approve|Approve/);
  const ts = tsOf(card);
  const approve = buttons(card).find((b) => b.action_id.startsWith('approval.approve'))!;
  const deny = buttons(card).find((b) => b.action_id.startsWith('approval.deny'))!;
  expect(approve.value).toMatch(/^[A-Za-z0-9_-]{22}$/);
  expect(deny.value).toBe(approve.value);
  return { card, ts, approve, deny };
}

describe('approve-isolation flow (Slack)', () => {
  it('refuses self-approval and a viewer, then runs exactly one isolate on approval and updates the same message to success', async () => {
    const target = machine();
    const channel = driver.newChannel();
    const { card, ts, approve } = await requestIsolation(target, channel);
    expect(content(card)).toContain(target.computerDnsName);
    expect(content(card)).toContain('ransomware beacon seen');
    expect(isolatePosts(target)).toHaveLength(0);

    expect(await driver.click(approve, USERS.responder, channel, ts)).toBe(200);
    await driver.ephemeral(channel, USERS.responder, /four-eyes|another approver|your own/i);
    expect(await driver.click(approve, USERS.viewer, channel, ts)).toBe(200);
    await driver.ephemeral(channel, USERS.viewer, /approver/i);
    expect(isolatePosts(target)).toHaveLength(0);

    expect(await driver.click(approve, USERS.approver, channel, ts)).toBe(200);
    await driver.updated(channel, ts, /approved/i);
    const done = await driver.updated(channel, ts, /Succeeded/);
    expect(content(done)).toContain(target.computerDnsName);

    const posts = isolatePosts(target);
    expect(posts).toHaveLength(1);
    const body = posts[0]!.body as Record<string, string>;
    expect(Object.keys(body).sort()).toEqual(['Comment', 'IsolationType']);
    expect(body.IsolationType).toBe('Full');
    expect(body.Comment).toContain('ransomware beacon seen');
    expect(body.Comment).toContain(USERS.responder);
    expect(body.Comment).toContain(USERS.approver);
    expect(body.Comment).toContain('Slack');
    expect(posts[0]!.tokenKind).toBe('app');
    expect(sim.mde.machineState(target.id).isolated).toBe(true);
    // Every card update went to the one message the approval card was posted as.
    const updates = slack.calls().filter((c) => c.method === 'chat.update' && c.body.channel === channel);
    expect(updates.every((u) => u.body.ts === ts)).toBe(true);
  });

  it('deny: the card says denied and MDE is never called', async () => {
    const target = machine();
    const channel = driver.newChannel();
    const { ts, approve, deny } = await requestIsolation(target, channel);
    await driver.click(deny, USERS.approver, channel, ts);
    await driver.updated(channel, ts, /denied/i);
    await driver.click(approve, USERS.approver2, channel, ts);
    await driver.ephemeral(channel, USERS.approver2, /already/i);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(isolatePosts(target)).toHaveLength(0);
  });

  it('expiry: a late approval is refused and the card is updated to expired by the delayed job', async () => {
    const target = machine();
    const channel = driver.newChannel();
    const { ts, approve } = await requestIsolation(target, channel);
    now += 61 * 60_000;
    await driver.click(approve, USERS.approver, channel, ts);
    await driver.updated(channel, ts, /expired/i);
    expect(isolatePosts(target)).toHaveLength(0);
  });

  it('expiry with nobody clicking: the delayed job turns the card to expired', async () => {
    const target = machine();
    const channel = driver.newChannel();
    const { ts, approve } = await requestIsolation(target, channel);
    now += 61 * 60_000;
    // The delayed expiry job would run in an hour; promote it to now.
    const queue = new Queue('defender', { connection: bot.redis, prefix: bot.prefix });
    const jobs = await queue.getDelayed();
    const expiry = jobs.find((j) => j.id === `expiry-${approve.value}`)!;
    expect(expiry).toBeDefined();
    await expiry.promote();
    await queue.close();
    await driver.updated(channel, ts, /expired/i);
    expect(isolatePosts(target)).toHaveLength(0);
  });

  it('two approvers clicking at once yield one MDE call', async () => {
    const target = machine();
    const channel = driver.newChannel();
    const { ts, approve } = await requestIsolation(target, channel);
    const statuses = await Promise.all([
      driver.click(approve, USERS.approver, channel, ts),
      driver.click(approve, USERS.approver2, channel, ts),
      driver.click(approve, USERS.admin, channel, ts),
    ]);
    expect(statuses).toEqual([200, 200, 200]);
    await driver.updated(channel, ts, /Succeeded/);
    expect(isolatePosts(target)).toHaveLength(1);
    const refusals = slack
      .calls()
      .filter((c) => c.method === 'chat.postEphemeral' && c.body.channel === channel);
    expect(refusals).toHaveLength(2);
    for (const refusal of refusals) expect(content(refusal)).toMatch(/already/i);
  });

  it('rides out a 429 (waits for Retry-After) and two 500s, submitting once each time', async () => {
    for (const fault of [
      { kind: '429' as const, count: 1 },
      { kind: '500' as const, count: 2 },
    ]) {
      const target = machine();
      const channel = driver.newChannel();
      const { ts, approve } = await requestIsolation(target, channel);
      sim.injectFault({
        match: `POST /api/machines/${target.id}/isolate`,
        kind: fault.kind,
        count: fault.count,
        retryAfterSeconds: 1,
      });
      await driver.click(approve, USERS.approver, channel, ts);
      await driver.updated(channel, ts, /Succeeded/, 30_000);
      const posts = isolatePosts(target);
      expect(posts.map((p) => p.status)).toEqual([
        ...Array<number>(fault.count).fill(Number(fault.kind)),
        201,
      ]);
    }
  });
});
