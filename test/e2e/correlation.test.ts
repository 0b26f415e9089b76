// One correlation id from chat event to MDE call to card update: every line the bot writes while it
// handles a slash command — web dispatch, the defender job, the MDE calls, the notify jobs that post
// and update the card — names the interaction's id, and none holds a token or a secret.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT_SECRET, type Simulator } from '../../src/sim/index.js';
import { BOT_TOKEN, SIGNING_SECRET, USERS, startTestBot, type TestBot } from '../helpers/bot.js';
import { createTestDefender } from '../helpers/defender.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { SlackDriver, tsOf } from '../helpers/slack-flow.js';
import { startTestSimulator } from '../helpers/sim.js';

let sim: Simulator;
let slack: FakeSlack;
let bot: TestBot;
let driver: SlackDriver;

beforeAll(async () => {
  sim = await startTestSimulator({ lifecycle: { pendingMs: 200, inProgressMs: 200 } });
  slack = await startFakeSlack({ botToken: BOT_TOKEN });
  bot = await startTestBot({ sim, slack });
  driver = new SlackDriver(bot, slack);
});
afterAll(async () => {
  await bot.close();
  await slack.close();
  await sim.close();
});

type Line = Record<string, unknown> & { msg?: string; correlationId?: string };

/** Resolves once the bot has written nothing for `stillMs`: the work in hand is done. */
async function quiet(stillMs = 500, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = -1;
  while (bot.logs().length !== seen) {
    if (Date.now() > deadline) throw new Error('the bot kept logging');
    seen = bot.logs().length;
    await new Promise((resolve) => setTimeout(resolve, stillMs));
  }
}

function linesFrom(offset: number): { text: string; lines: Line[] } {
  const text = bot.logs().slice(offset);
  const lines = text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as Line);
  return { text, lines };
}

/** Runs `act` between two quiet points and returns what the bot logged meanwhile. */
async function logsOf(act: () => Promise<void>) {
  await quiet();
  const offset = bot.logs().length;
  await act();
  await quiet();
  return linesFrom(offset);
}

const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\./;

function expectNoSecrets(text: string) {
  for (const secret of [DEFAULT_CLIENT_SECRET, BOT_TOKEN, SIGNING_SECRET]) expect(text).not.toContain(secret);
  expect(text).not.toMatch(JWT);
  expect(text).not.toMatch(/Bearer (?!\[Redacted\])/);
  // Any authorization header that reaches a line at all is censored.
  for (const match of text.matchAll(/authorization\\?"\s*:\s*\\?"([^"\\]*)/gi))
    expect(match[1]).toMatch(/REDACTED/i);
}

function expectOneId(lines: Line[], id: string) {
  const strays = lines.filter((l) => l.correlationId !== id).map((l) => JSON.stringify(l).slice(0, 300));
  expect(strays, 'lines without the interaction’s correlation id').toEqual([]);
}

const find = (lines: Line[], msg: string, fields: Record<string, unknown> = {}) =>
  lines.find((l) => l.msg === msg && Object.entries(fields).every(([k, v]) => l[k] === v));

describe('correlation id across web, worker and MDE', () => {
  it('the JWT pattern the secret check relies on matches the tokens this simulator issues', async () => {
    const token = await createTestDefender(sim).tokens.getToken();
    expect(token).toMatch(JWT);
  });

  it('machine <name>: every line from the slash command to the posted card carries its id', async () => {
    const target = sim.mde.listMachines().find((m) => m.computerDnsName.startsWith('fin-'))!;
    const channel = driver.newChannel();
    const { text, lines } = await logsOf(async () => {
      await driver.command(`machine ${target.computerDnsName.split('.')[0]!}`, USERS.viewer, channel);
      await driver.posted(channel, new RegExp(target.id));
    });

    const authz = find(lines, 'audit authz', { actorId: USERS.viewer, verb: 'machine' });
    const id = authz?.correlationId;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expectOneId(lines, id!);
    // Each hop is there: Bolt's ack (web), the defender job, its MDE call, the notify job and its Slack call.
    expect(lines.some((l) => l.component === 'slack-sdk' && String(l.msg).startsWith('ack()'))).toBe(true);
    expect(find(lines, 'defender job', { kind: 'command' })).toBeDefined();
    expect(
      find(lines, 'mde call', { method: 'GET', path: '/api/machines', status: 200, component: 'defender' }),
    ).toBeDefined();
    expect(find(lines, 'notify job', { op: 'post' })).toBeDefined();
    expect(lines.some((l) => l.msg === "apiCall('chat.postMessage') start")).toBe(true);
    expect(find(lines, 'chat message sent', { op: 'post' })).toBeDefined();
    expectNoSecrets(text);
  });

  it('scan: the MDE submission, every status read and every card update carry the command’s id', async () => {
    const target = sim.mde.listMachines()[2]!;
    const channel = driver.newChannel();
    const { text, lines } = await logsOf(async () => {
      await driver.command(
        `scan ${target.computerDnsName} quick correlation check`,
        USERS.responder,
        channel,
      );
      const card = await driver.posted(channel, /Antivirus scan/);
      await driver.updated(channel, tsOf(card), /Succeeded/);
    });

    const id = find(lines, 'audit authz', { actorId: USERS.responder, verb: 'scan' })?.correlationId;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expectOneId(lines, id!);
    expect(find(lines, 'defender job', { kind: 'start-action' })).toBeDefined();
    expect(find(lines, 'defender job', { kind: 'machine-action' })).toBeDefined();
    expect(
      find(lines, 'mde call', {
        method: 'POST',
        path: `/api/machines/${target.id}/runAntiVirusScan`,
        status: 201,
      }),
    ).toBeDefined();
    expect(lines.some((l) => l.msg === 'mde call' && String(l.path).startsWith('/api/machineactions/'))).toBe(
      true,
    );
    expect(find(lines, 'audit mde-submit')).toBeDefined();
    expect(find(lines, 'audit mde-outcome', { outcome: 'Succeeded' })).toBeDefined();
    expect(find(lines, 'chat message sent', { op: 'update' })).toBeDefined();
    expectNoSecrets(text);
  });
});
