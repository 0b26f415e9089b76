// The ChatAdapter port as startBot drives it: one contract for Slack and Teams. Each platform's
// factory is wrapped (not replaced) so the test sees every call the runtime makes through the port:
// built with or without a handler, started, mounted, stopped in reverse order. The tests run in
// order: the first proves that a bot with Teams off never imports the Teams adapter nor botbuilder.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as SlackModule from '../../src/chat/slack/index.js';
import type * as TeamsModule from '../../src/chat/teams/index.js';
import type { ChatAdapter, ChatAdapterFactory } from '../../src/core/index.js';
import type { Simulator } from '../../src/sim/index.js';
import { BOT_TOKEN, SIGNING_SECRET, USERS, startTestBot, type TestBot } from '../helpers/bot.js';
import { startFakeConnector, type FakeConnector } from '../helpers/fake-connector.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { startTestSimulator } from '../helpers/sim.js';
import { content as slackContent } from '../helpers/slack-flow.js';
import { postSignedToSlackEndpoint, slashCommandBody } from '../helpers/slack-signing.js';
import { ALICE, messageActivity, postActivity } from '../helpers/teams-activity.js';

interface PortCall {
  prefix: string;
  platform: string;
  call: 'build' | 'start' | 'mount' | 'stop';
  /** build only: whether the runtime handed the adapter a handler. */
  handler?: boolean;
}

const seen = vi.hoisted(() => {
  const calls: PortCall[] = [];
  const loaded = { teamsAdapter: false, botbuilder: false };
  /** The same factory, reporting each call the runtime makes through the port. */
  function watch(factory: ChatAdapterFactory): ChatAdapterFactory {
    return async (deps) => {
      const adapter = await factory(deps);
      const note = (call: PortCall['call']) =>
        calls.push({ prefix: deps.prefix, platform: adapter.platform, call });
      calls.push({
        prefix: deps.prefix,
        platform: adapter.platform,
        call: 'build',
        handler: deps.handler !== undefined,
      });
      const watched: ChatAdapter = {
        ...adapter,
        mount(app) {
          note('mount');
          adapter.mount(app);
        },
        start() {
          note('start');
          return adapter.start();
        },
        stop() {
          note('stop');
          return adapter.stop();
        },
      };
      return watched;
    };
  }
  return { calls, loaded, watch };
});

vi.mock('botbuilder', async (importOriginal) => {
  seen.loaded.botbuilder = true;
  return importOriginal();
});
vi.mock('../../src/chat/teams/index.js', async (importOriginal) => {
  seen.loaded.teamsAdapter = true;
  const original = await importOriginal<typeof TeamsModule>();
  return {
    ...original,
    teamsAdapterFactory: (...args: Parameters<typeof original.teamsAdapterFactory>) =>
      seen.watch(original.teamsAdapterFactory(...args) as ChatAdapterFactory),
  };
});
vi.mock('../../src/chat/slack/index.js', async (importOriginal) => {
  const original = await importOriginal<typeof SlackModule>();
  return {
    ...original,
    slackAdapterFactory: (...args: Parameters<typeof original.slackAdapterFactory>) =>
      seen.watch(original.slackAdapterFactory(...args) as ChatAdapterFactory),
  };
});

const RBAC = `
roles:
  viewer: ["slack:${USERS.viewer}", "teams:${ALICE.id}"]
  responder: []
  approver: []
  admin: []
`;
const TEAMS_ON = { TEAMS_ALLOW_UNAUTHENTICATED: 'true' };

let sim: Simulator;
let slack: FakeSlack;
let connector: FakeConnector;

beforeAll(async () => {
  sim = await startTestSimulator();
  slack = await startFakeSlack({ botToken: BOT_TOKEN });
  connector = await startFakeConnector();
});
afterAll(async () => {
  await connector.close();
  await slack.close();
  await sim.close();
});

const callsOf = (bot: TestBot) =>
  seen.calls
    .filter((c) => c.prefix === bot.prefix)
    .map(({ platform, call, handler }) =>
      call === 'build' ? `${platform} build ${handler ? 'with' : 'without'} handler` : `${platform} ${call}`,
    );

function slackCommand(bot: TestBot, text: string, channel: string): Promise<Response> {
  return postSignedToSlackEndpoint(
    `${bot.url}/slack/events`,
    SIGNING_SECRET,
    slashCommandBody({
      text,
      user_id: USERS.viewer,
      channel_id: channel,
      response_url: slack.responseUrl(channel),
    }),
  );
}

function teamsCommand(bot: TestBot, text: string, conversation: string): Promise<Response> {
  const activity = messageActivity(text, {
    serviceUrl: connector.serviceUrl,
    scope: 'groupChat',
    from: ALICE,
  });
  return postActivity(`${bot.url}/api/messages`, {
    ...activity,
    conversation: { ...(activity.conversation as Record<string, unknown>), id: conversation },
  });
}

describe('the chat adapters behind one port', () => {
  it('with Teams off, builds only Slack and never imports the Teams adapter or botbuilder', async () => {
    const bot = await startTestBot({ sim, slack, rbac: RBAC });
    try {
      expect((await slackCommand(bot, 'help', 'CPORTOFF')).status).toBe(200);
      expect((await teamsCommand(bot, 'help', '19:port-off@thread.v2')).status).toBe(404);
    } finally {
      await bot.close();
    }
    expect(callsOf(bot)).toEqual(['slack build with handler', 'slack start', 'slack mount', 'slack stop']);
    expect(seen.loaded).toEqual({ teamsAdapter: false, botbuilder: false });
  });

  it('role all: every configured adapter is built with the handler, started, mounted and stopped in reverse order', async () => {
    const bot = await startTestBot({ sim, slack, rbac: RBAC, env: TEAMS_ON });
    try {
      expect(seen.loaded).toEqual({ teamsAdapter: true, botbuilder: true });
      const slackAnswer = await slackCommand(bot, 'help', 'CPORTALL');
      expect(slackAnswer.status).toBe(200);
      expect(await slackAnswer.text()).toMatch(/machine/);
      expect((await teamsCommand(bot, 'help', '19:port-all@thread.v2')).status).toBe(200);
      await connector.waitFor((c) => c.conversationId === '19:port-all@thread.v2' && c.route === 'reply');
    } finally {
      await bot.close();
    }
    expect(callsOf(bot)).toEqual([
      'slack build with handler',
      'slack start',
      'teams build with handler',
      'teams start',
      'slack mount',
      'teams mount',
      'teams stop',
      'slack stop',
    ]);
  });

  it('role worker: no handler, no chat route, yet the workers post through both Replies', async () => {
    const web = await startTestBot({ sim, slack, rbac: RBAC, env: { ...TEAMS_ON, ROLE: 'web' } });
    const worker = await startTestBot({
      sim,
      slack,
      rbac: RBAC,
      env: { ...TEAMS_ON, ROLE: 'worker', QUEUE_PREFIX: web.prefix },
    });
    try {
      const workerCalls = seen.calls
        .filter((c) => c.prefix === web.prefix && c.handler === false)
        .map((c) => c.platform);
      expect(workerCalls).toEqual(['slack', 'teams']);
      // The worker's server has its probes but no chat route.
      expect((await fetch(`${worker.url}/healthz`)).status).toBe(200);
      expect((await slackCommand(worker, 'help', 'CPORTWORKER')).status).toBe(404);
      expect((await teamsCommand(worker, 'help', '19:port-worker@thread.v2')).status).toBe(404);

      // The web process only enqueues (it has no workers); the machine card comes from the worker.
      const machine = sim.mde.listMachines()[0]!;
      expect((await slackCommand(web, `machine ${machine.computerDnsName}`, 'CPORTSPLIT')).status).toBe(200);
      const slackPost = await slack.waitFor(
        (c) => c.method === 'chat.postMessage' && c.body.channel === 'CPORTSPLIT',
        20_000,
      );
      expect(slackContent(slackPost)).toContain(machine.computerDnsName);
      expect(
        (await teamsCommand(web, `machine ${machine.computerDnsName}`, '19:port-split@thread.v2')).status,
      ).toBe(200);
      const teamsPost = await connector.waitFor(
        (c) =>
          c.conversationId === '19:port-split@thread.v2' &&
          (c.route === 'reply' || c.route === 'send') &&
          JSON.stringify(c.body).includes(machine.computerDnsName),
        20_000,
      );
      expect(teamsPost.body).toMatchObject({
        attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive' }],
      });
    } finally {
      await worker.close();
      await web.close();
    }
    const mounts = seen.calls
      .filter((c) => c.prefix === web.prefix && c.call === 'mount')
      .map((c) => c.platform);
    // Only the web process mounted routes: one mount per platform, not two.
    expect(mounts).toEqual(['slack', 'teams']);
  });
});
