// The playground's routes in-process, on a bot configured exactly as the demo configures it: the fake
// Slack Web API checks the bot token, private answers reach only their user on both platforms, bad
// input is a 400, injected alerts land in the simulator, a card's form opens as a Slack modal whose
// submission reaches the bot; and a bot started without it has no /playground.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/core/logger.js';
import { demoEnv, demoSecrets } from '../../src/demo/env.js';
import { declarationOf, isVerb, type Verb } from '../../src/commands/index.js';
import {
  DEMO_USERS,
  createPlayground,
  demoRbacYaml,
  type Playground,
  type VisibleMessage,
} from '../../src/playground/index.js';
import { startBot, type RunningBot } from '../../src/runtime/bot.js';
import type { Simulator } from '../../src/sim/index.js';
import { startTestSimulator } from '../helpers/sim.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SLACK = { viewer: 'U0VIEWER', responder: 'U0RESPONDER', approver: 'U0APPROVER', guest: 'U0GUEST' };
const TEAMS = { viewer: '29:1viewer-playground', admin: '29:1admin-playground' };

let sim: Simulator;
let bot: RunningBot;
let playground: Playground;
let dir: string;
let base: string;
const prefix = `test-${randomUUID()}`;
const secrets = demoSecrets();

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function post(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function get(path: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function messages(platform: 'slack' | 'teams', user: string): Promise<VisibleMessage[]> {
  const res = await fetch(`${base}/api/messages?platform=${platform}&user=${encodeURIComponent(user)}`);
  return ((await res.json()) as { messages: VisibleMessage[] }).messages;
}

async function slackApi(method: string, body: Record<string, string>): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}/slack/api/${method}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${secrets.slackBotToken}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(body).toString(),
  });
  return (await res.json()) as Record<string, unknown>;
}

interface OpenModal {
  id: string;
  callback_id: string;
  blocks: { type: string; block_id?: string; element?: { type: string; action_id: string } }[];
}

async function modalOf(user: string): Promise<OpenModal | undefined> {
  const res = await fetch(`${base}/api/messages?platform=slack&user=${encodeURIComponent(user)}`);
  return ((await res.json()) as { modal?: OpenModal }).modal;
}

type SlackButton = { type: string; text?: { text: string }; action_id: string; value?: string };

/** The button of that label on a Slack message (in an actions block or a section's accessory). */
function buttonOf(message: VisibleMessage, label: string): SlackButton | undefined {
  const blocks = (message.blocks ?? []) as { elements?: SlackButton[]; accessory?: SlackButton }[];
  return blocks
    .flatMap((block) => [...(block.elements ?? []), ...(block.accessory ? [block.accessory] : [])])
    .find((element) => element.type === 'button' && element.text?.text === label);
}

async function eventually<T>(check: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('condition not met in time');
}

beforeAll(async () => {
  sim = await startTestSimulator();
  dir = await mkdtemp(join(tmpdir(), 'defbot-playground-'));
  const rbacFile = join(dir, 'rbac.yaml');
  await writeFile(rbacFile, demoRbacYaml());
  const port = await freePort();
  const config = loadConfig(
    demoEnv({ port, redisUrl: REDIS_URL, sim, rbacFile, secrets, queuePrefix: prefix, env: {} }),
  );
  const logger = createLogger({ level: 'warn', destination: new PassThrough().resume() });
  playground = createPlayground({
    slackSigningSecret: secrets.slackSigningSecret,
    slackBotToken: secrets.slackBotToken,
    simUrl: sim.url,
    logger,
  });
  bot = await startBot({
    config,
    logger,
    isolatedMetrics: true,
    mountExtraRoutes: (app) => playground.mount(app),
  });
  base = `${bot.url}/playground`;
});

afterAll(async () => {
  await bot?.close();
  await sim?.close();
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  await rm(dir, { recursive: true, force: true });
});

describe('fake Slack Web API', () => {
  it('answers the demo bot token and refuses any other, as Slack does (HTTP 200, ok:false)', async () => {
    const call = (token: string) =>
      fetch(`${base}/slack/api/auth.test`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: '',
      });
    expect(await (await call(secrets.slackBotToken)).json()).toMatchObject({ ok: true, user_id: 'U0DEFBOT' });
    const refused = await call('xoxb-somebody-else');
    expect(refused.status).toBe(200);
    expect(await refused.json()).toEqual({ ok: false, error: 'invalid_auth' });
  });
});

describe('Slack through the real adapter', () => {
  it('a private answer (ephemeral) is visible to its user only', async () => {
    const { json } = await post('/slack/send', { user: SLACK.viewer, text: 'whoami' });
    expect(json).toMatchObject({ status: 200 });
    const mine = (await messages('slack', SLACK.viewer)).filter(
      (m) => m.author.kind === 'bot' && /viewer/i.test(m.text),
    );
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((m) => m.visibleTo === SLACK.viewer)).toBe(true);
    const others = await messages('slack', SLACK.approver);
    expect(others.some((m) => mine.some((own) => own.id === m.id))).toBe(false);
  });

  it('a user without a role is refused by the bot, not by the playground', async () => {
    await post('/slack/send', { user: SLACK.guest, text: 'machine web-07.fabrikam.local' });
    const refusal = await eventually(async () =>
      (await messages('slack', SLACK.guest)).find((m) => m.author.kind === 'bot' && /role/i.test(m.text)),
    );
    expect(refusal.visibleTo).toBe(SLACK.guest);
  });

  it('refuses users that are not playground users, and empty commands', async () => {
    expect((await post('/slack/send', { user: 'U0MALLORY', text: 'help' })).status).toBe(400);
    expect((await post('/slack/send', { user: SLACK.viewer, text: '   ' })).status).toBe(400);
    expect(
      (
        await post('/slack/click', {
          user: SLACK.viewer,
          messageId: 'nope',
          actionId: 'machine.show',
          value: 'x',
        })
      ).json,
    ).toEqual({ status: 404 });
  });
});

describe('Slack modals', () => {
  const view = JSON.stringify({
    type: 'modal',
    callback_id: 'defbot.form',
    title: { type: 'plain_text', text: 'A form' },
    blocks: [],
  });

  it('views.open takes only a trigger_id the playground handed out, once and within 3 seconds', async () => {
    const { slackViews } = playground.context;
    expect(await slackApi('views.open', { trigger_id: 'made-up', view })).toEqual({
      ok: false,
      error: 'invalid_trigger_id',
    });
    const stale = slackViews.trigger(SLACK.viewer, Date.now() - 3_500);
    expect(await slackApi('views.open', { trigger_id: stale, view })).toEqual({
      ok: false,
      error: 'expired_trigger_id',
    });
    const fresh = slackViews.trigger(SLACK.viewer);
    const opened = await slackApi('views.open', { trigger_id: fresh, view });
    expect(opened).toMatchObject({ ok: true, view: { callback_id: 'defbot.form' } });
    const viewId = (opened.view as { id: string }).id;
    expect(viewId).toMatch(/^V/);
    // Used once: a second views.open with it fails.
    expect(await slackApi('views.open', { trigger_id: fresh, view })).toMatchObject({ ok: false });
    expect((await modalOf(SLACK.viewer))?.id).toBe(viewId);
    expect(await modalOf(SLACK.approver)).toBeUndefined();
    expect((await post('/slack/close', { user: SLACK.viewer, viewId })).json).toEqual({ closed: true });
    expect(await modalOf(SLACK.viewer)).toBeUndefined();
  });

  it("Resolve… on an alert card opens the bot's modal; its signed submission resolves the alert", async () => {
    const title = `Playground modal test ${randomUUID()}`;
    const { json: created } = await post('/sim/alerts', {
      severity: 'High',
      title,
      machine: 'web-07.fabrikam.local',
    });
    const alertId = String(created.id);
    await post('/slack/send', { user: SLACK.responder, text: `alert ${alertId}` });
    const card = await eventually(async () =>
      (await messages('slack', SLACK.responder)).find(
        (m) => m.author.kind === 'bot' && buttonOf(m, 'Resolve…') !== undefined && m.text.includes(title),
      ),
    );
    const button = buttonOf(card, 'Resolve…')!;
    await post('/slack/click', {
      user: SLACK.responder,
      messageId: card.id,
      actionId: button.action_id,
      value: button.value,
    });
    const modal = await eventually(() => modalOf(SLACK.responder));
    expect(modal.callback_id).toBe('defbot.form');
    expect(modal.blocks.filter((b) => b.type === 'input').map((b) => b.element?.type)).toEqual([
      'static_select',
      'plain_text_input',
    ]);
    const blockOf = (actionId: string) =>
      modal.blocks.find((b) => b.element?.action_id === actionId)!.block_id!;
    const verdict = blockOf('verdict');
    const comment = blockOf('comment');

    // Slack's own checks: a required input left empty, or an option the select does not list.
    expect(
      (
        await post('/slack/submit', {
          user: SLACK.responder,
          viewId: modal.id,
          values: { [verdict]: 'TruePositive:Malware' },
        })
      ).json,
    ).toEqual({ errors: { [comment]: 'Please complete this required field.' } });
    expect(
      (
        await post('/slack/submit', {
          user: SLACK.responder,
          viewId: modal.id,
          values: { [verdict]: 'Bogus:Choice', [comment]: 'x' },
        })
      ).json,
    ).toEqual({ errors: { [verdict]: 'Pick one of the options.' } });
    // Only the user the modal was opened for can submit it.
    expect(
      (await post('/slack/submit', { user: SLACK.approver, viewId: modal.id, values: {} })).json,
    ).toEqual({ status: 404 });

    const values = { [verdict]: 'TruePositive:Malware', [comment]: 'Confirmed in the playground' };
    expect((await post('/slack/submit', { user: SLACK.responder, viewId: modal.id, values })).json).toEqual({
      status: 200,
    });
    expect(await modalOf(SLACK.responder)).toBeUndefined();
    const resolved = await eventually(() => {
      const alert = sim.mde.listAlerts().find((a) => a.id === alertId);
      return Promise.resolve(alert?.status === 'Resolved' ? alert : undefined);
    });
    expect(resolved).toMatchObject({ classification: 'TruePositive', determination: 'Malware' });
    const { json: rows } = await get('/sim/alerts');
    const row = (rows as unknown as { id: string; lastChange?: { fields: string[] } }[]).find(
      (r) => r.id === alertId,
    );
    expect(row).toMatchObject({
      status: 'Resolved',
      classification: 'TruePositive',
      determination: 'Malware',
    });
    expect(row?.lastChange?.fields).toEqual(
      expect.arrayContaining(['status', 'classification', 'determination']) as unknown,
    );
  });
});

describe('Teams through the real adapter', () => {
  it('a message reaches the bot and its reply lands in the channel for everyone', async () => {
    expect((await post('/teams/send', { user: TEAMS.viewer, text: 'help' })).json).toEqual({ status: 200 });
    const reply = await eventually(async () =>
      (await messages('teams', TEAMS.admin)).find(
        (m) => m.author.kind === 'bot' && m.card !== undefined && m.visibleTo === undefined,
      ),
    );
    expect(reply.conversation).toBe('19:playground-soc@thread.tacv2');
  });

  it('a private answer goes to a 1:1 chat that only its user sees', async () => {
    await post('/teams/send', { user: TEAMS.viewer, text: 'machine web-07' });
    const pick = await eventually(async () =>
      (await messages('teams', TEAMS.viewer)).find(
        (m) => m.author.kind === 'bot' && /pick one/i.test(m.text),
      ),
    );
    expect(pick.visibleTo).toBe(TEAMS.viewer);
    expect(pick.conversation).toBe(`a:playground-chat-${TEAMS.viewer}`);
    expect((await messages('teams', TEAMS.admin)).some((m) => m.id === pick.id)).toBe(false);
  });
});

describe('simulator controls', () => {
  it("lists the tenant's indicators", async () => {
    const value = 'a'.repeat(63) + 'b';
    sim.mde.addIndicator({ indicatorValue: value, indicatorType: 'FileSha256' });
    const { status, json } = await get('/sim/indicators');
    expect(status).toBe(200);
    expect(
      (json as unknown as Record<string, unknown>[]).find((row) => row.indicatorValue === value),
    ).toMatchObject({
      indicatorType: 'FileSha256',
    });
  });

  it('injects an alert on a named machine, and refuses an unknown machine', async () => {
    const title = `Playground route test ${randomUUID()}`;
    const created = await post('/sim/alerts', { severity: 'High', title, machine: 'web-07.fabrikam.local' });
    expect(created.status).toBe(201);
    expect(sim.mde.listAlerts().find((a) => a.title === title)).toMatchObject({
      severity: 'High',
      computerDnsName: 'web-07.fabrikam.local',
      id: created.json.id,
    });
    expect((await post('/sim/alerts', { severity: 'High', title, machine: 'no-such-host' })).status).toBe(
      400,
    );
    expect(
      (await post('/sim/alerts', { severity: 'Critical', title, machine: 'web-07.fabrikam.local' })).status,
    ).toBe(400);
  });
});

describe('the hint bar', () => {
  /** The commands the page offers under the message box, as it lists them. */
  const page = readFileSync(new URL('../../src/playground/static/index.html', import.meta.url), 'utf8');
  const bar = /<div class="hint">([\s\S]*?)<\/div>/.exec(page)?.[1] ?? '';
  const hints = [...bar.matchAll(/<code>([^<]+)<\/code>/g)].map((match) => match[1]!);

  type Card = { body?: { type?: string; color?: string; text?: string }[] };
  const cardOf = (m: VisibleMessage) => m.card as Card | undefined;
  /** The error template: its heading is in the Attention colour. */
  const isError = (m: VisibleMessage) => cardOf(m)?.body?.[0]?.color === 'Attention';
  const isWorking = (m: VisibleMessage) => /^Working on it/.test(m.text);
  /** An alert the poller posts to the channel (`subscribe high` subscribes it for a moment): no answer. */
  const isAlertPost = (m: VisibleMessage) => buttonsOf(m.card).some((b) => b.verb === 'alert.comment');
  /** A card with an answer in it: neither an error nor the "working on it" note. */
  const isAnswer = (m: VisibleMessage) =>
    cardOf(m) !== undefined && !isError(m) && !isWorking(m) && !isAlertPost(m);

  /** Every Action.Execute of a card, in order. */
  function buttonsOf(card: unknown): { verb: string; id: string }[] {
    const found: { verb: string; id: string }[] = [];
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(visit);
      if (typeof node !== 'object' || node === null) return;
      const record = node as Record<string, unknown>;
      if (record.type === 'Action.Execute' && typeof record.verb === 'string')
        found.push({ verb: record.verb, id: String((record.data as { id?: unknown } | undefined)?.id) });
      Object.values(record).forEach(visit);
    };
    visit(card);
    return found;
  }

  /** What the bot showed this user after `since`, once an answer has arrived and nothing changed for a moment. */
  async function answersAfter(user: string, since: number): Promise<VisibleMessage[]> {
    const fresh = async () =>
      (await messages('teams', user)).filter((m) => m.author.kind === 'bot' && m.seq > since);
    await eventually(async () => ((await fresh()).some(isAnswer) ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 500));
    return fresh();
  }

  const newest = async (user: string) => Math.max(0, ...(await messages('teams', user)).map((m) => m.seq));

  it('offers some commands', () => {
    expect(hints.length).toBeGreaterThan(3);
  });

  it.each(hints)(
    '`%s`, sent as typed by a user whose role runs it, is answered in the seeded tenant (a pick list lets them finish)',
    async (hint) => {
      const verb = hint.split(' ')[0]!;
      expect(isVerb(verb)).toBe(true);
      const role = declarationOf(verb as Verb).role;
      const user = DEMO_USERS.find(
        (u) => u.platform === 'teams' && u.role === (role === 'anyone' ? 'viewer' : role),
      )!;
      const before = await newest(user.id);
      expect((await post('/teams/send', { user: user.id, text: hint })).json).toEqual({ status: 200 });
      const answered = await answersAfter(user.id, before);
      expect(answered.filter(isError).map((m) => m.text)).toEqual([]);

      // A pick list (a short name matching two machines) is fine when its buttons finish the command.
      const pick = answered.find((m) => /pick one/.test(m.text));
      if (verb === 'subscribe') await post('/teams/send', { user: user.id, text: 'unsubscribe' }); // the channel as it was
      if (!pick) return;
      const buttons = buttonsOf(pick.card);
      const next = buttons.find((b) => b.verb === 'pick.continue') ?? buttons[0]!;
      const clicked = await newest(user.id);
      expect(
        (
          await post('/teams/invoke', {
            user: user.id,
            messageId: pick.id,
            verb: next.verb,
            data: { id: next.id },
          })
        ).json,
      ).toMatchObject({ status: 200 });
      const finished = await answersAfter(user.id, clicked);
      expect(finished.filter(isError).map((m) => m.text)).toEqual([]);
      expect(
        finished.filter(isAnswer).some((m) => buttonsOf(m.card).some((b) => b.verb === 'pick.continue')),
      ).toBe(false);
    },
  );
});

describe('outside the demo', () => {
  it('a bot started without the playground has no /playground routes', async () => {
    const rbacFile = join(dir, 'rbac.yaml');
    const config = loadConfig(
      demoEnv({
        port: await freePort(),
        redisUrl: REDIS_URL,
        sim,
        rbacFile,
        secrets,
        queuePrefix: prefix,
        env: {},
      }),
    );
    const plain = await startBot({
      config,
      logger: createLogger({ level: 'silent' }),
      isolatedMetrics: true,
    });
    try {
      expect((await fetch(`${plain.url}/playground`)).status).toBe(404);
      expect((await fetch(`${plain.url}/playground/slack/api/auth.test`, { method: 'POST' })).status).toBe(
        404,
      );
    } finally {
      await plain.close();
    }
  });
});
