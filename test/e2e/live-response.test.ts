// `run` and `scripts` end to end on Slack and on Teams, through the real adapters, worker, simulator
// and Redis: a run waits for a second person's approval (self-approval refused, also across one person's
// Slack and Teams accounts), then exactly one documented runliveresponse is sent, the card follows the
// action to Succeeded and the output reaches the requester alone (never a channel post); a script off
// the allow-list is refused before any approval with nothing sent to MDE; `scripts` lists the allowed
// scripts the library has; and a burst of 30 runs is paced by the bot so MDE never answers 429.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src/sim/calllog.js';
import { SIGNING_SECRET, startTestBot } from '../helpers/bot.js';
import {
  SLACK_USERS,
  TEAMS_USERS,
  chatRbac,
  slackDriver,
  teamsDriver,
  type ChatDriver,
  type ChatStack,
} from '../helpers/chat-drivers.js';
import { content as slackContent } from '../helpers/slack-flow.js';
import { postSignedToSlackEndpoint, slashCommandBody } from '../helpers/slack-signing.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { cardActionActivity, postActivity, type Sender } from '../helpers/teams-activity.js';

const ALICE_SLACK = 'U0LRALICE';
const ALICE_TEAMS: Sender = {
  id: '29:live-response-alice',
  name: 'Alice Analyst',
  aadObjectId: 'a1a1a1a1-9999-4000-8000-0000000000aa',
};
const RBAC = `
roles:
  viewer: ["slack:${SLACK_USERS.viewer}", "teams:${TEAMS_USERS.viewer.id}"]
  responder: ["slack:${SLACK_USERS.responder}", "aad:${TEAMS_USERS.responder.aadObjectId}", "slack:${ALICE_SLACK}"]
  approver: ["slack:${SLACK_USERS.approver}", "teams:${TEAMS_USERS.approver.id}", "teams:${ALICE_TEAMS.id}"]
  admin: []
liveResponse:
  scripts: ["collect-logs.ps1", "get-processes.ps1", "not-in-library.ps1"]
`;
const FAST = {
  simulator: { lifecycle: { pendingMs: 300, inProgressMs: 300 } },
  worker: { lifecycle: { firstPollDelayMs: 200, maxPollDelayMs: 400 } },
};

let running: Stack;
const stack = (): ChatStack => running;

beforeAll(async () => {
  running = await startStack({ rbac: RBAC, ...FAST });
  running.slack.setUser(ALICE_SLACK, { email: 'alice@contoso.com' });
  running.connector.setMember(ALICE_TEAMS.id, {
    email: 'Alice@Contoso.com',
    userPrincipalName: 'alice@contoso.onmicrosoft.com',
    aadObjectId: ALICE_TEAMS.aadObjectId,
  });
});
afterAll(() => running.close());

const settle = () => new Promise((resolve) => setTimeout(resolve, 400));
const newMachine = () =>
  running.sim.mde.addMachine({ computerDnsName: `lr-${randomUUID().slice(0, 8)}.contoso.local` });
const runsOn = (machineId: string): CallRecord[] =>
  running.sim
    .calls()
    .filter((c) => c.method === 'POST' && c.path === `/api/machines/${machineId}/runliveresponse`);
const OUTPUT = /line 1 of the output of collect-logs\.ps1/;

/** A private message to the requester: a Slack ephemeral message, a Teams 1:1 message. */
async function toldPrivately(chat: ChatDriver, conversation: string, matches: RegExp): Promise<string> {
  if (chat.name === 'slack') {
    const call = await running.slack.waitFor(
      (c) =>
        // A job's answer to the asker goes through the command's response_url (ephemeral), the rest
        // through chat.postEphemeral to them.
        ((c.method === 'chat.postEphemeral' && c.body.channel === conversation) ||
          c.method === 'response_url') &&
        matches.test(slackContent(c)),
      20_000,
    );
    if (call.method === 'chat.postEphemeral') expect(call.body.user).toBe(SLACK_USERS.responder);
    else expect(call.body.response_type ?? 'ephemeral').toBe('ephemeral');
    return slackContent(call);
  }
  const call = await running.connector.waitFor(
    (c) => (c.conversationId ?? '').startsWith('a:personal') && matches.test(JSON.stringify(c.body)),
    20_000,
  );
  return JSON.stringify(call.body);
}

/** Nothing posted to or edited in the channel carries the script's output. */
function expectNoChannelPostWith(chat: ChatDriver, conversation: string, matches: RegExp) {
  if (chat.name === 'slack')
    expect(
      running.slack
        .calls()
        .filter(
          (c) =>
            ['chat.postMessage', 'chat.update'].includes(c.method) &&
            c.body.channel === conversation &&
            matches.test(slackContent(c)),
        ),
    ).toEqual([]);
  else
    expect(
      running.connector
        .calls()
        .filter((c) => c.conversationId === conversation && matches.test(JSON.stringify(c.body))),
    ).toEqual([]);
}

describe.each([
  ['slack', slackDriver],
  ['teams', teamsDriver],
] as const)('run on %s', (_platform, make) => {
  const chat = make(stack);

  it('waits for approval (self-approval refused), runs once, and sends the output to the requester alone', async () => {
    const machine = newMachine();
    const conversation = chat.newConversation();
    await chat.send(
      `run ${machine.computerDnsName} collect-logs.ps1 "-Hours 4" incident 4711 triage`,
      'responder',
      conversation,
    );
    const card = await chat.posted(conversation, /Approval needed/);
    expect(card.text).toContain('collect-logs.ps1');
    expect(card.text).toContain('-Hours 4');
    const approve = card.buttons.find((b) => b.verb === 'approval.approve')!;

    const own = await chat.click(approve, 'responder', conversation, card.messageId);
    await chat.toldUser(conversation, 'responder', /another approver must decide \(four-eyes\)/, own);
    await settle();
    expect(runsOn(machine.id)).toHaveLength(0);

    await chat.click(approve, 'approver', conversation, card.messageId);
    await chat.updated(conversation, card.messageId, /Succeeded/);
    const posts = runsOn(machine.id);
    expect(posts.map((c) => c.status)).toEqual([201]);
    const body = posts[0]!.body as { Comment: string; Commands: unknown[] };
    expect(body.Commands).toEqual([
      {
        type: 'RunScript',
        params: [
          { key: 'ScriptName', value: 'collect-logs.ps1' },
          { key: 'Args', value: '-Hours 4' },
        ],
      },
    ]);
    const requesterId = chat.name === 'slack' ? SLACK_USERS.responder : TEAMS_USERS.responder.id;
    const approverId = chat.name === 'slack' ? SLACK_USERS.approver : TEAMS_USERS.approver.id;
    expect(body.Comment).toMatch(
      /^incident 4711 triage \(requested by .+, approved by .+, via (Slack|Microsoft Teams) \/ defbot\)$/,
    );
    expect(body.Comment).toContain(requesterId);
    expect(body.Comment).toContain(approverId);

    const told = await toldPrivately(chat, conversation, OUTPUT);
    expect(told).toMatch(/Exit code/);
    if (chat.name === 'slack') {
      // The whole output as a file in the requester's direct messages with the bot.
      await running.slack.waitFor(
        (c) =>
          c.method === 'files.completeUploadExternal' && c.body.channel_id === `D${SLACK_USERS.responder}`,
        20_000,
      );
      const file = running.slack
        .files()
        .find((f) => f.channel === `D${SLACK_USERS.responder}` && /collect-logs/.test(f.filename));
      expect(file?.content).toMatch(/line 40 of the output/);
      expect(running.slack.files().filter((f) => f.channel === conversation)).toEqual([]);
    } else {
      expect(told).toMatch(/rest is cut here/);
    }
    await settle();
    expectNoChannelPostWith(chat, conversation, /line \d+ of the output/);
  });

  it('refuses a script off the allow-list before any approval; nothing is sent to MDE', async () => {
    const machine = newMachine();
    const conversation = chat.newConversation();
    const before = running.sim.calls().length;
    const answer = await chat.send(
      `run ${machine.computerDnsName} evil.ps1 just because`,
      'responder',
      conversation,
    );
    expect(answer).toMatch(/not on the allow-list/);
    expect(answer).toMatch(/collect-logs\.ps1/);
    await settle();
    expect(
      running.sim
        .calls()
        .slice(before)
        .filter((c) => c.path.startsWith('/api/machines')),
    ).toEqual([]);
    expectNoChannelPostWith(chat, conversation, /Approval needed/);
  });

  it('scripts lists the allowed scripts the library has', async () => {
    const conversation = chat.newConversation();
    await chat.send('scripts', 'responder', conversation);
    const listed = await toldPrivately(chat, conversation, /get-processes\.ps1/);
    expect(listed).toMatch(/collect-logs\.ps1/);
    expect(listed).not.toMatch(/minidump\.ps1/);
    expect(listed).toMatch(/not in the library: not-in-library\.ps1/);
  });
});

describe('four-eyes across accounts', () => {
  it('refuses Alice approving on Teams what she asked for on Slack', async () => {
    const chat = slackDriver(stack);
    const machine = newMachine();
    const conversation = chat.newConversation();
    await postSignedToSlackEndpoint(
      `${running.bot.url}/slack/events`,
      SIGNING_SECRET,
      slashCommandBody({
        text: `run ${machine.computerDnsName} get-processes.ps1 suspicious`,
        user_id: ALICE_SLACK,
        channel_id: conversation,
        response_url: running.slack.responseUrl(`alice-${randomUUID().slice(0, 8)}`),
      }),
    );
    const card = await chat.posted(conversation, /Approval needed/);
    const approve = card.buttons.find((b) => b.verb === 'approval.approve')!;
    const activity = cardActionActivity({
      serviceUrl: running.connector.serviceUrl,
      scope: 'groupChat',
      from: ALICE_TEAMS,
      verb: 'approval.approve',
      data: { id: approve.id },
      replyToId: 'foreign-card',
    });
    const refusal = await (await postActivity(`${running.bot.url}/api/messages`, activity)).text();
    expect(refusal).toMatch(/another approver must decide \(four-eyes\)/);
    await settle();
    expect(runsOn(machine.id)).toHaveLength(0);
  });
});

describe('a burst of 30 runs', () => {
  it('is paced by the bot: every run is submitted and finishes, MDE never answers 429', async () => {
    const window = [{ limit: 10, windowMs: 3_000 }];
    const burst = await startStack({
      // Approvals off for run (only isolate waits), so the 30 go straight to MDE.
      rbac: chatRbac('approvals:\n  actions: [isolate]\nliveResponse:\n  scripts: ["collect-logs.ps1"]'),
      env: { COMMAND_RATE_PER_MINUTE: '100' },
      simulator: { lifecycle: { pendingMs: 200, inProgressMs: 200 }, rateLimits: { liveResponse: window } },
      worker: {
        lifecycle: { firstPollDelayMs: 200, maxPollDelayMs: 400 },
        budgets: { liveResponse: { windows: window } },
      },
    });
    try {
      const chat = slackDriver(() => burst);
      const machines = Array.from({ length: 30 }, () =>
        burst.sim.mde.addMachine({ computerDnsName: `burst-${randomUUID().slice(0, 8)}.contoso.local` }),
      );
      const conversation = chat.newConversation();
      await Promise.all(
        machines.map((m) =>
          chat.send(`run ${m.computerDnsName} collect-logs.ps1 burst check`, 'responder', conversation),
        ),
      );
      const deadline = Date.now() + 45_000;
      const finished = () =>
        burst.sim.mde.listActions().filter((a) => a.type === 'LiveResponse' && a.status === 'Succeeded')
          .length;
      while (finished() < 30 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
      expect(finished()).toBe(30);
      const posts = burst.sim
        .calls()
        .filter((c) => c.method === 'POST' && c.path.endsWith('/runliveresponse'));
      expect(posts.filter((c) => c.status === 429)).toEqual([]);
      expect(posts.filter((c) => c.status === 201)).toHaveLength(30);
    } finally {
      await burst.close();
    }
  }, 90_000);
});

describe('sessions and permissions', () => {
  let slow: Stack;
  beforeAll(async () => {
    slow = await startStack({
      rbac: chatRbac('approvals:\n  actions: [isolate]\nliveResponse:\n  scripts: ["collect-logs.ps1"]'),
      simulator: { lifecycle: { pendingMs: 600_000, inProgressMs: 600_000 } },
    });
  });
  afterAll(() => slow.close());

  it('a second run on a device with a session running is refused in plain words, nothing adopted', async () => {
    const chat = slackDriver(() => slow);
    const machine = slow.sim.mde.addMachine({
      computerDnsName: `busy-${randomUUID().slice(0, 8)}.contoso.local`,
    });
    const first = chat.newConversation();
    await chat.send(`run ${machine.computerDnsName} collect-logs.ps1 first`, 'responder', first);
    const firstCard = await chat.posted(first, /Run live response script/);
    await chat.updated(first, firstCard.messageId, /Pending/);
    const second = chat.newConversation();
    await chat.send(`run ${machine.computerDnsName} collect-logs.ps1 second`, 'responder', second);
    const card = await chat.posted(second, /Run live response script/);
    const failed = await chat.updated(second, card.messageId, /already running/);
    expect(failed).toMatch(/one per device/);
    const posts = slow.sim.calls().filter((c) => c.path === `/api/machines/${machine.id}/runliveresponse`);
    expect(posts.map((c) => c.status)).toEqual([201, 400]);
  });

  it('a missing Machine.LiveResponse is named on the card, and nothing runs', async () => {
    const clientId = randomUUID();
    slow.sim.addApp({
      clientId,
      displayName: 'defbot-no-live-response',
      secret: 'no-lr-secret',
      certificatePem: undefined,
      appRoles: ['Machine.Read.All', 'Alert.Read.All', 'Machine.Isolate'],
      delegatedScopes: [],
    });
    const limited = await startTestBot({
      sim: slow.sim,
      slack: slow.slack,
      rbac: chatRbac('approvals:\n  actions: [isolate]\nliveResponse:\n  scripts: ["collect-logs.ps1"]'),
      env: { AZURE_CLIENT_ID: clientId, AZURE_CLIENT_SECRET: 'no-lr-secret' },
    });
    try {
      const chat = slackDriver(() => ({ ...slow, bot: limited }));
      const machine = slow.sim.mde.addMachine({
        computerDnsName: `np-${randomUUID().slice(0, 8)}.contoso.local`,
      });
      const conversation = chat.newConversation();
      await chat.send(
        `run ${machine.computerDnsName} collect-logs.ps1 no permission`,
        'responder',
        conversation,
      );
      const card = await chat.posted(conversation, /Run live response script/);
      const failed = await chat.updated(conversation, card.messageId, /Machine\.LiveResponse/);
      expect(failed).toMatch(/lacks the application permission Machine\.LiveResponse/);
      const posts = slow.sim.calls().filter((c) => c.path === `/api/machines/${machine.id}/runliveresponse`);
      expect(posts.map((c) => c.status)).toEqual([403]);
    } finally {
      await limited.close();
    }
  });
});

describe('25 running sessions', () => {
  it('holds runs beyond 25 running sessions in the bot: 25 submitted, the rest wait, MDE never answers 429', async () => {
    const roomy = [{ limit: 1000, windowMs: 60_000 }];
    const busy = await startStack({
      rbac: chatRbac('approvals:\n  actions: [isolate]\nliveResponse:\n  scripts: ["collect-logs.ps1"]'),
      env: { COMMAND_RATE_PER_MINUTE: '100' },
      simulator: {
        lifecycle: { pendingMs: 600_000, inProgressMs: 600_000 },
        rateLimits: { liveResponse: roomy },
      },
      worker: { budgets: { liveResponse: { windows: roomy } } },
    });
    try {
      const chat = slackDriver(() => busy);
      const machines = Array.from({ length: 30 }, () =>
        busy.sim.mde.addMachine({ computerDnsName: `held-${randomUUID().slice(0, 8)}.contoso.local` }),
      );
      const conversation = chat.newConversation();
      await Promise.all(
        machines.map((m) =>
          chat.send(`run ${m.computerDnsName} collect-logs.ps1 session cap`, 'responder', conversation),
        ),
      );
      const posts = () =>
        busy.sim.calls().filter((c) => c.method === 'POST' && c.path.endsWith('/runliveresponse'));
      const deadline = Date.now() + 20_000;
      while (posts().length < 25 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      await new Promise((r) => setTimeout(r, 1500));
      expect(posts().filter((c) => c.status === 201)).toHaveLength(25);
      expect(posts().filter((c) => c.status === 429)).toEqual([]);
    } finally {
      await busy.close();
    }
  }, 60_000);
});
