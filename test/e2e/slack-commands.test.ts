// Slash commands end to end: signed request -> Bolt -> dispatcher -> BullMQ -> worker -> simulator
// over HTTPS -> card -> fake Slack Web API.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { BOT_TOKEN, SIGNING_SECRET, USERS, startTestBot, type TestBot } from '../helpers/bot.js';
import { startFakeSlack, type FakeSlack, type FakeSlackCall } from '../helpers/fake-slack.js';
import { isPrivateTo, privateUser } from '../helpers/slack-flow.js';
import { postSignedToSlackEndpoint, slashCommandBody } from '../helpers/slack-signing.js';
import { startTestSimulator } from '../helpers/sim.js';

let sim: Simulator;
let slack: FakeSlack;
let bot: TestBot;

beforeAll(async () => {
  sim = await startTestSimulator();
  slack = await startFakeSlack({ botToken: BOT_TOKEN });
  bot = await startTestBot({ sim, slack });
});
afterAll(async () => {
  await bot.close();
  await slack.close();
  await sim.close();
});
afterEach(() => sim.clearCalls());

let channelSeq = 0;
async function command(text: string, user: string = USERS.viewer) {
  const channel = `C${++channelSeq}`;
  const response = await postSignedToSlackEndpoint(
    bot.slackEvents,
    SIGNING_SECRET,
    slashCommandBody({
      text,
      user_id: user,
      channel_id: channel,
      response_url: slack.responseUrl(`r${channelSeq}`, { channel, user }),
    }),
  );
  const body = (await response.json().catch(() => ({}))) as {
    response_type?: string;
    text?: string;
    blocks?: unknown[];
  };
  return { status: response.status, body, channel };
}

const blocksText = (call: FakeSlackCall) => JSON.stringify([call.body.blocks ?? [], call.body.text ?? '']);
const postedTo = (channel: string) => (call: FakeSlackCall) =>
  call.method === 'chat.postMessage' && call.body.channel === channel;

describe('Slack slash commands', () => {
  it('help answers at once, privately, with only the commands the user may run', async () => {
    const viewer = await command('help');
    expect(viewer.status).toBe(200);
    expect(viewer.body.response_type).toBe('ephemeral');
    const viewerText = JSON.stringify(viewer.body);
    expect(viewerText).toContain('/defender machine');
    expect(viewerText).not.toContain('/defender isolate');
    const admin = await command('help', USERS.admin);
    expect(JSON.stringify(admin.body)).toContain('/defender isolate');
    expect(JSON.stringify(admin.body)).toContain('/defender subscribe');
    expect(sim.calls()).toHaveLength(0);
  });

  it('whoami shows the role and the token context', async () => {
    const { body } = await command('whoami', USERS.responder);
    const text = JSON.stringify(body);
    expect(text).toContain(USERS.responder);
    expect(text).toContain('responder');
    expect(text).toMatch(/application/i);
  });

  it('machine with one match posts the machine card to the channel', async () => {
    const target = sim.mde.listMachines().find((m) => m.computerDnsName.startsWith('fin-'))!;
    const short = target.computerDnsName.split('.')[0]!;
    const { status, body, channel } = await command(`machine ${short}`);
    expect(status).toBe(200);
    expect(body.response_type).toBe('ephemeral');
    expect(JSON.stringify(body)).toMatch(/Working/i);
    const post = await slack.waitFor(postedTo(channel));
    expect(blocksText(post)).toContain(target.computerDnsName);
    expect(blocksText(post)).toContain(target.id);
    expect(post.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);
  });

  it('machine with several matches shows the asker a pick list, never a guess', async () => {
    const labels = sim.mde.listMachines().map((m) => m.computerDnsName.split('.')[0]!);
    const ambiguous = labels.find((l, i) => labels.indexOf(l) !== i)!;
    const { channel } = await command(`machine ${ambiguous}`);
    const post = await slack.waitFor(isPrivateTo(channel));
    expect(privateUser(post)).toBe(USERS.viewer);
    const candidates = sim.mde.listMachines().filter((m) => m.computerDnsName.split('.')[0] === ambiguous);
    for (const candidate of candidates) expect(blocksText(post)).toContain(candidate.computerDnsName);
    expect(blocksText(post)).toMatch(/Pick one/i);
  });

  it('machine with no match tells the user privately', async () => {
    const { channel } = await command('machine no-such-host-42');
    const reply = await slack.waitFor(isPrivateTo(channel));
    expect(privateUser(reply)).toBe(USERS.viewer);
    expect(blocksText(reply)).toContain('no-such-host-42');
    expect(slack.calls().some(postedTo(channel))).toBe(false);
  });

  it('alerts posts the recent alerts newest first, filtered by severity', async () => {
    sim.mde.addAlert({ title: 'Fresh ransomware beacon', severity: 'High' });
    sim.mde.addAlert({ title: 'Fresh low noise', severity: 'Low' });
    const { channel } = await command('alerts high 2h');
    const post = await slack.waitFor(postedTo(channel));
    expect(blocksText(post)).toContain('Fresh ransomware beacon');
    expect(blocksText(post)).not.toContain('Fresh low noise');
    const filter = sim.calls().find((c) => c.path === '/api/alerts')!.query.$filter!;
    expect(filter).toContain("severity eq 'High'");
    expect(filter).toMatch(/alertCreationTime gt \d{4}-/);
  });

  it('actions lists the machine actions of a machine', async () => {
    const machine = sim.mde.listMachines()[3]!;
    const { channel } = await command(`actions ${machine.computerDnsName}`);
    const post = await slack.waitFor(postedTo(channel));
    expect(blocksText(post)).toContain(machine.computerDnsName);
    expect(
      sim.calls().some((c) => c.path === '/api/machineactions' && c.query.$filter?.includes(machine.id)),
    ).toBe(true);
  });

  it('refuses a user without a role with a clear message, and nothing reaches MDE', async () => {
    const { status, body, channel } = await command('machine web-07', USERS.nobody);
    expect(status).toBe(200);
    expect(body.response_type).toBe('ephemeral');
    expect(JSON.stringify(body)).toMatch(/needs the viewer role/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sim.calls()).toHaveLength(0);
    expect(slack.calls().some(postedTo(channel))).toBe(false);
  });

  it('a forged signature and a 10-minute-old timestamp get 401 and reach nothing', async () => {
    const before = slack.calls().length;
    const auditBefore = await bot.redis.xlen(`${bot.prefix}:audit`);
    const body = slashCommandBody({ text: 'machine web-07', user_id: USERS.admin });
    const forged = await postSignedToSlackEndpoint(bot.slackEvents, 'not-the-secret', body);
    expect(forged.status).toBe(401);
    const stale = await postSignedToSlackEndpoint(bot.slackEvents, SIGNING_SECRET, body, {
      timestamp: Math.floor(Date.now() / 1000) - 600,
    });
    expect(stale.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sim.calls()).toHaveLength(0);
    expect(slack.calls().length).toBe(before);
    expect(await bot.redis.xlen(`${bot.prefix}:audit`)).toBe(auditBefore);
  });

  it('keeps an OData injection attempt out of MDE: refused, or sent as one escaped literal', async () => {
    const { channel } = await command("machine x' or 1 eq 1");
    const reply = await slack.waitFor(isPrivateTo(channel));
    expect(blocksText(reply)).toMatch(/not a machine name/);
    const quoted = await command("machine x'or'1'eq'1");
    await slack.waitFor(isPrivateTo(quoted.channel));
    const filters = sim.calls().map((c) => c.query.$filter);
    expect(filters).toEqual([
      "(computerDnsName eq 'x''or''1''eq''1') or (startswith(computerDnsName,'x''or''1''eq''1.'))",
    ]);
  });

  it('audits every authorization decision', async () => {
    await command('whoami', USERS.nobody);
    await command('isolate web-07 because', USERS.viewer);
    const entries = await bot.redis.xrange(`${bot.prefix}:audit`, '-', '+');
    const events = entries.map(
      ([, fields]) => JSON.parse(fields[1]!) as { verb?: string; decision?: string; actorId: string },
    );
    expect(events).toContainEqual(
      expect.objectContaining({ verb: 'isolate', decision: 'deny', actorId: USERS.viewer }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({ verb: 'whoami', decision: 'allow', actorId: USERS.nobody }),
    );
  });

  it('never logs the bot token, the signing secret or an MDE token', () => {
    const logs = bot.logs();
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain(BOT_TOKEN);
    expect(logs).not.toContain(SIGNING_SECRET);
    expect(logs).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./);
  });
});

describe('observability', () => {
  it('/metrics reports commands, MDE calls and the shared queues’ depths', async () => {
    const text = await (await fetch(`${bot.url}/metrics`)).text();
    expect(text).toMatch(/defbot_commands_total\{verb="machine",outcome="allow"\} [1-9]/);
    expect(text).toMatch(/defbot_mde_requests_total\{endpoint="machines.list",status="200"\} [1-9]/);
    expect(text).toMatch(/defbot_queue_jobs\{queue="defender",state="waiting"\} \d+/);
    expect(text).toMatch(/defbot_queue_jobs\{queue="notify",state="failed"\} \d+/);
    expect(text).toMatch(/defbot_authz_denials_total\{verb="machine"\} [1-9]/);
  });
});
