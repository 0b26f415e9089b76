// Proactive alert notifications end to end on Slack: subscribe/unsubscribe, a High alert reaching a
// `high` channel within one poll (a Low one never), in-place updates on resolution, Request isolation
// from the card, storms as one digest, and chat or MDE outages that delay but never lose or repeat.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimAlert, SimMachine, Simulator } from '../../src/sim/index.js';
import { BOT_TOKEN, USERS, startTestBot, type TestBot } from '../helpers/bot.js';
import { startFakeSlack, type FakeSlack, type FakeSlackCall } from '../helpers/fake-slack.js';
import { buttons, content, SlackDriver, tsOf } from '../helpers/slack-flow.js';
import { startTestSimulator } from '../helpers/sim.js';

const POLL_MS = 5000;
/** One poll interval plus room for the poll, the notify job and the Slack call. */
const ONE_POLL = POLL_MS + 5000;

let sim: Simulator;
let slack: FakeSlack;
let bot: TestBot;
let driver: SlackDriver;
let machines: SimMachine[];
let next = 0;

beforeAll(async () => {
  sim = await startTestSimulator();
  slack = await startFakeSlack({ botToken: BOT_TOKEN });
  bot = await startTestBot({
    sim,
    slack,
    env: { ALERT_POLL_SECONDS: String(POLL_MS / 1000), ALERT_DIGEST_THRESHOLD: '10' },
  });
  driver = new SlackDriver(bot, slack);
  machines = sim.mde.listMachines();
});
afterAll(async () => {
  await bot.close();
  await slack.close();
  await sim.close();
});

const machine = (): SimMachine => machines[next++ % machines.length]!;

async function subscribe(severity: string): Promise<string> {
  const channel = driver.newChannel();
  const ack = await driver.command(`subscribe ${severity}`, USERS.admin, channel);
  expect(ack.body).toContain('Subscribed');
  return channel;
}

const unsubscribe = (channel: string) => driver.command('unsubscribe', USERS.admin, channel);

const postsAbout = (channel: string, alert: SimAlert): FakeSlackCall[] =>
  slack
    .calls()
    .filter(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.response?.ok === true &&
        c.body.channel === channel &&
        content(c).includes(alert.id),
    );

const waitOnePoll = () => new Promise((resolve) => setTimeout(resolve, ONE_POLL));

describe('subscribe / unsubscribe (Slack)', () => {
  it('is for admins; bare subscribe subscribes at high once, then shows; a severity changes it; unsubscribe stops it; all audited', async () => {
    const channel = driver.newChannel();
    expect((await driver.command('subscribe', USERS.approver, channel)).body).toMatch(/needs the admin role/);
    const first = await driver.command('subscribe', USERS.admin, channel);
    expect(first.body).toMatch(/Subscribed/);
    expect(first.body).toMatch(/receives High alerts/);
    const shown = await driver.command('subscribe', USERS.admin, channel);
    expect(shown.body).toMatch(/Alert subscription/);
    expect(shown.body).toMatch(/receives High alerts/);
    const changed = await driver.command('subscribe medium', USERS.admin, channel);
    expect(changed.body).toMatch(/receives Medium and High alerts/);
    expect(JSON.parse(changed.body)).toMatchObject({ response_type: 'ephemeral' });
    expect(await bot.redis.hget(`${bot.prefix}:alerts:subs`, `slack:${channel}`)).toContain(
      '"minSeverity":"medium"',
    );
    expect((await unsubscribe(channel)).body).toMatch(/Unsubscribed/);
    expect((await unsubscribe(channel)).body).toMatch(/was not subscribed/);
    expect(await bot.redis.hget(`${bot.prefix}:alerts:subs`, `slack:${channel}`)).toBeNull();

    const audit = (await bot.redis.xrange(`${bot.prefix}:audit`, '-', '+')).map(
      ([, fields]) => fields[1] ?? '',
    );
    const commands = audit.filter((e) => e.includes('"type":"command"') && e.includes(channel));
    expect(commands.map((e) => (JSON.parse(e) as { outcome: string }).outcome)).toEqual([
      'subscribed high',
      'shown high',
      'subscribed medium',
      'unsubscribed',
      'no subscription',
    ]);
  });
});

describe('alert notifications (Slack)', () => {
  it('posts a High alert to a high channel within one poll, with the card buttons, and never a Low one', async () => {
    const channel = await subscribe('high');
    const target = machine();
    const high = sim.mde.addAlert({
      title: 'Ransomware behavior detected',
      severity: 'High',
      machineId: target.id,
      mitreTechniques: ['T1486'],
    });
    const low = sim.mde.addAlert({ title: 'Unwanted software', severity: 'Low', machineId: target.id });
    const card = await driver.posted(channel, new RegExp(high.id), ONE_POLL);
    const text = content(card);
    expect(text).toContain('Ransomware behavior detected');
    expect(text).toContain(target.computerDnsName);
    expect(text).toContain('T1486');
    expect(text).toContain(`https://security.microsoft.com/alerts/${high.id}`);
    expect(buttons(card)).toEqual(
      expect.arrayContaining([
        { action_id: 'alert.isolate', value: high.id },
        { action_id: 'machine.show', value: target.id },
      ]),
    );
    await waitOnePoll();
    expect(postsAbout(channel, high)).toHaveLength(1);
    expect(postsAbout(channel, low)).toHaveLength(0);
    await unsubscribe(channel);
  });

  it('updates the same message when the alert is resolved or reassigned', async () => {
    const channel = await subscribe('medium');
    const alert = sim.mde.addAlert({
      title: 'Suspicious PowerShell',
      severity: 'Medium',
      machineId: machine().id,
    });
    const ts = tsOf(await driver.posted(channel, new RegExp(alert.id), ONE_POLL));
    await new Promise((resolve) => setTimeout(resolve, 500));
    sim.mde.updateAlert(alert.id, { assignedTo: 'bob@contoso.com', status: 'InProgress' });
    await driver.updated(channel, ts, /bob@contoso\.com/, ONE_POLL + POLL_MS);
    sim.mde.updateAlert(alert.id, { status: 'Resolved' });
    const resolved = await driver.updated(channel, ts, /Resolved/, ONE_POLL + POLL_MS);
    expect(buttons(resolved).map((b) => b.action_id)).not.toContain('alert.isolate');
    expect(postsAbout(channel, alert)).toHaveLength(1);
    await unsubscribe(channel);
  });

  it('Request isolation asks an approver, with the alert as the reason; a viewer may not', async () => {
    const channel = await subscribe('high');
    const target = machine();
    const alert = sim.mde.addAlert({
      title: 'Credential theft attempt',
      severity: 'High',
      machineId: target.id,
    });
    const card = await driver.posted(channel, new RegExp(alert.id), ONE_POLL);
    const isolate = buttons(card).find((b) => b.action_id === 'alert.isolate')!;
    expect(await driver.click(isolate, USERS.viewer, channel, tsOf(card))).toBe(200);
    await driver.ephemeral(channel, USERS.viewer, /needs the responder role/);
    expect(await driver.click(isolate, USERS.responder, channel, tsOf(card))).toBe(200);
    const approval = await driver.posted(channel, /approver must approve/);
    expect(content(approval)).toContain(`Alert Credential theft attempt (${alert.id})`);
    expect(content(approval)).toContain(target.computerDnsName);
    expect(buttons(approval).map((b) => b.action_id)).toEqual(
      expect.arrayContaining(['approval.approve', 'approval.deny']),
    );
    const id = buttons(approval).find((b) => b.action_id === 'approval.approve')!.value;
    expect(await bot.redis.get(`${bot.prefix}:approval:${id}`)).toContain(target.id);
    expect(
      sim.calls().filter((c) => c.method === 'POST' && c.path === `/api/machines/${target.id}/isolate`),
    ).toHaveLength(0);
    await unsubscribe(channel);
  });

  it('turns 500 alerts in one poll into one digest card (with any alert raised just before subscribing)', async () => {
    const channel = await subscribe('informational');
    const target = machine();
    const severities = ['High', 'Medium', 'Low', 'Informational'] as const;
    const storm = Array.from({ length: 500 }, (_, i) =>
      sim.mde.addAlert({ title: `Storm ${i}`, severity: severities[i % 4]!, machineId: target.id }),
    );
    const digest = await driver.posted(channel, /new Defender alerts/, ONE_POLL + POLL_MS);
    // Alerts of the earlier tests, raised within the grace period before this subscription, count too.
    const [, total, high, medium, low, info] =
      /^(\d+) new Defender alerts: (\d+) high, (\d+) medium, (\d+) low, (\d+) informational$/
        .exec(String(digest.body.text))!
        .map(Number);
    expect(total).toBeGreaterThanOrEqual(500);
    expect(high! + medium! + low! + info!).toBe(total);
    for (const count of [high, medium, low, info]) expect(count).toBeGreaterThanOrEqual(125);
    expect(content(digest)).toContain('https://security.microsoft.com/alerts');
    await waitOnePoll();
    const posts = slack.calls().filter((c) => c.method === 'chat.postMessage' && c.body.channel === channel);
    expect(posts).toHaveLength(1);
    const sent = await bot.redis.hmget(
      `${bot.prefix}:alerts:sent:slack:${channel}`,
      ...storm.map((a) => a.id),
    );
    expect(sent.every((record) => record?.includes('"state":"digest"'))).toBe(true);
    expect(await bot.redis.hlen(`${bot.prefix}:alerts:sent:slack:${channel}`)).toBe(total);
    await unsubscribe(channel);
  });

  it('delivers once when Slack fails the post and when MDE is down for a while', async () => {
    const channel = await subscribe('high');
    slack.failNext('chat.postMessage', 500);
    sim.injectFault({ match: 'GET /api/alerts', kind: '503', count: 2 });
    const alert = sim.mde.addAlert({ title: 'Outage survivor', severity: 'High', machineId: machine().id });
    await slack.waitFor(
      (c) => c.method === 'chat.postMessage' && c.response?.ok === true && content(c).includes(alert.id),
      ONE_POLL * 3,
    );
    await waitOnePoll();
    expect(postsAbout(channel, alert)).toHaveLength(1);
    // Both outages really happened: the fault was used up and Slack refused one attempt.
    expect(sim.faults()).toEqual([]);
    expect(
      slack
        .calls()
        .filter(
          (c) => c.method === 'chat.postMessage' && c.response?.ok === false && content(c).includes(alert.id),
        ),
    ).toHaveLength(1);
    await unsubscribe(channel);
  });
});
