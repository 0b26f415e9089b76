// Approval-free machine actions (scan, collect) and failure paths end to end on Slack.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator, SimMachine } from '../../src/sim/index.js';
import { BOT_TOKEN, SIGNING_SECRET, USERS, startTestBot, type TestBot } from '../helpers/bot.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { postSignedToSlackEndpoint, slashCommandBody } from '../helpers/slack-signing.js';
import { buttons, content, SlackDriver, tsOf } from '../helpers/slack-flow.js';
import { startTestSimulator } from '../helpers/sim.js';

let sim: Simulator;
let slack: FakeSlack;
let bot: TestBot;
let driver: SlackDriver;
let machines: SimMachine[];
let next = 10;

beforeAll(async () => {
  sim = await startTestSimulator({ lifecycle: { pendingMs: 200, inProgressMs: 200 } });
  slack = await startFakeSlack({ botToken: BOT_TOKEN });
  bot = await startTestBot({ sim, slack });
  driver = new SlackDriver(bot, slack);
  machines = sim.mde.listMachines();
});
afterAll(async () => {
  await bot.close();
  await slack.close();
  await sim.close();
});

const machine = () => machines[next++ % machines.length]!;

describe('approval-free actions', () => {
  it('scan: a responder’s scan runs at once and its status card reaches Succeeded', async () => {
    const target = machine();
    const channel = driver.newChannel();
    await driver.command(`scan ${target.computerDnsName} full suspicious binary`, USERS.responder, channel);
    const card = await driver.posted(channel, /Antivirus scan/);
    await driver.updated(channel, tsOf(card), /Succeeded/);
    const posts = sim
      .calls()
      .filter((c) => c.method === 'POST' && c.path === `/api/machines/${target.id}/runAntiVirusScan`);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body).toEqual({
      Comment: expect.stringContaining('suspicious binary') as unknown,
      ScanType: 'Full',
    });
  });

  it('scan needs the responder role: a viewer is refused before anything runs', async () => {
    const channel = driver.newChannel();
    const ack = await driver.command(`scan ${machine().computerDnsName} quick why`, USERS.viewer, channel);
    expect(ack.body).toMatch(/responder/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(slack.calls().some((c) => c.body.channel === channel && c.method === 'chat.postMessage')).toBe(
      false,
    );
  });

  it('collect: the package link goes to the requester alone, never to the channel', async () => {
    const target = machine();
    const channel = driver.newChannel();
    await driver.command(`collect ${target.computerDnsName} triage for case 42`, USERS.responder, channel);
    const card = await driver.posted(channel, /investigation package/i);
    const ts = tsOf(card);
    await driver.updated(channel, ts, /Succeeded/);
    const link = await driver.ephemeral(channel, USERS.responder, /Download investigation package/);
    expect(content(link)).toMatch(/investigation-packages/);
    const channelMessages = slack
      .calls()
      .filter((c) => c.body.channel === channel && c.method !== 'chat.postEphemeral');
    for (const message of channelMessages) expect(content(message)).not.toMatch(/investigation-packages/);
    expect(sim.calls().filter((c) => c.path.endsWith('/getPackageUri'))).toHaveLength(1);
  });

  it('the machine card’s Actions button lists the machine’s actions for whoever clicks (with a role)', async () => {
    const target = machine();
    const channel = driver.newChannel();
    await driver.command(`machine ${target.computerDnsName}`, USERS.viewer, channel);
    const card = await driver.posted(channel, new RegExp(target.id));
    const actions = buttons(card).find((b) => b.action_id.startsWith('machine.actions'))!;
    expect(actions.value).toBe(target.id);
    await driver.click(actions, USERS.nobody, channel, tsOf(card));
    await driver.ephemeral(channel, USERS.nobody, /viewer role/);
    await driver.click(actions, USERS.viewer, channel, tsOf(card));
    await driver.posted(channel, /machine actions on/i);
  });

  it('a tampered button value is refused and reaches nothing', async () => {
    const channel = driver.newChannel();
    const before = sim.calls().length;
    await driver.click(
      { action_id: 'approval.approve', value: 'forged-approval-id-000' },
      USERS.approver,
      channel,
      '1.1',
    );
    await driver.ephemeral(channel, USERS.approver, /no longer|not found|unknown/i);
    await driver.click({ action_id: 'machine.show', value: "x'or'1'eq'1" }, USERS.viewer, channel, '1.1');
    await driver.ephemeral(channel, USERS.viewer, /no longer valid/i);
    expect(sim.calls().length).toBe(before);
  });
});

describe('failures the user is told about', () => {
  it('a permanent 403 (app lacks Machine.Isolate) ends in a failure card naming the permission', async () => {
    const clientId = randomUUID();
    sim.addApp({
      clientId,
      displayName: 'defbot-readonly',
      secret: 'readonly-secret',
      certificatePem: undefined,
      appRoles: ['Machine.Read.All', 'Alert.Read.All'],
      delegatedScopes: [],
    });
    const limited = await startTestBot({
      sim,
      slack,
      env: { AZURE_CLIENT_ID: clientId, AZURE_CLIENT_SECRET: 'readonly-secret' },
    });
    try {
      const limitedDriver = new SlackDriver(limited, slack);
      const target = machine();
      const channel = limitedDriver.newChannel();
      await limitedDriver.command(`isolate ${target.computerDnsName} full test`, USERS.responder, channel);
      const card = await limitedDriver.posted(channel, /Approve/);
      const approve = buttons(card).find((b) => b.action_id.startsWith('approval.approve'))!;
      await limitedDriver.click(approve, USERS.approver, channel, tsOf(card));
      const failed = await limitedDriver.updated(channel, tsOf(card), /Failed/);
      expect(content(failed)).toContain('Machine.Isolate');
      const posts = sim
        .calls()
        .filter((c) => c.method === 'POST' && c.path === `/api/machines/${target.id}/isolate`);
      expect(posts.map((p) => p.status)).toEqual([403]);
    } finally {
      await limited.close();
    }
  });

  it('Redis down when a command arrives: the user is told to try again, nothing is half-done', async () => {
    const down = await startTestBot({ sim, slack, env: { REDIS_URL: 'redis://127.0.0.1:1', ROLE: 'web' } });
    try {
      const started = Date.now();
      const response = await postSignedToSlackEndpoint(
        down.slackEvents,
        SIGNING_SECRET,
        slashCommandBody({
          text: 'machine web-07',
          user_id: USERS.viewer,
          channel_id: 'CDOWN',
          response_url: slack.responseUrl('down'),
        }),
      );
      expect(response.status).toBe(200);
      const ack = await response.text();
      const answer = /try again/i.test(ack)
        ? ack
        : content(await slack.waitFor((c) => c.method === 'response_url' && c.responseId === 'down', 10_000));
      expect(answer).toMatch(/try again/i);
      expect(answer).toMatch(/Nothing was done/i);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await down.close().catch(() => undefined);
    }
  });
});

describe('the bot’s own rate budget', () => {
  it('holds back jobs over budget as delayed jobs: all actions finish, MDE never answers 429', async () => {
    const tight = { windows: [{ limit: 3, windowMs: 1500 }] };
    const paced = await startTestBot({
      sim,
      slack,
      worker: { budgets: { standard: tight, packageUri: tight, hunting: tight } },
    });
    try {
      const pacedDriver = new SlackDriver(paced, slack);
      const targets = machines.slice(30, 34);
      const channels = targets.map(() => pacedDriver.newChannel());
      sim.clearCalls();
      await Promise.all(
        targets.map((t, i) => pacedDriver.command(`scan ${t.id} quick paced`, USERS.responder, channels[i]!)),
      );
      for (const channel of channels) {
        const card = await pacedDriver.posted(channel, /Antivirus scan/, 20_000);
        await pacedDriver.updated(channel, tsOf(card), /Succeeded/, 30_000);
      }
      const scans = sim.calls().filter((c) => c.path.endsWith('/runAntiVirusScan'));
      expect(scans.map((c) => c.status)).toEqual([201, 201, 201, 201]);
      expect(sim.calls().filter((c) => c.status === 429)).toHaveLength(0);
    } finally {
      await paced.close();
    }
  });
});
