// One person, several chat accounts, end to end through the real adapters: RBAC `email:` entries match
// on Slack (users.info) and Teams (the Bot Connector member API); one person can never approve their
// own request from their other account, in either direction, while another approver still can; a
// clicker whose directory does not answer is told to try again; a Slack retry and a re-sent Teams
// activity each make one job.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimMachine, Simulator } from '../../src/sim/index.js';
import { SIGNING_SECRET, type TestBot } from '../helpers/bot.js';
import type { ConnectorCall, FakeConnector } from '../helpers/fake-connector.js';
import type { FakeSlack } from '../helpers/fake-slack.js';
import { buttons, SlackDriver, tsOf } from '../helpers/slack-flow.js';
import { blockActionsBody, postSignedToSlackEndpoint, slashCommandBody } from '../helpers/slack-signing.js';
import { defenderJobsIn } from '../helpers/jobs.js';
import { startStack, type Stack } from '../helpers/stack.js';
import {
  cardActionActivity,
  messageActivity,
  postActivity,
  type Sender,
  type TeamsActivity,
} from '../helpers/teams-activity.js';

const ALICE_SLACK = 'U0ALICE';
const ALICE_TEAMS: Sender = {
  id: '29:1alice-x',
  name: 'Alice Analyst',
  aadObjectId: 'a1a1a1a1-1111-4000-8000-000000000001',
};
const BOB_TEAMS: Sender = {
  id: '29:1bob-x',
  name: 'Bob Boss',
  aadObjectId: 'b2b2b2b2-2222-4000-8000-000000000002',
};
const CAROL_TEAMS: Sender = {
  id: '29:1carol-x',
  name: 'Carol Cole',
  aadObjectId: 'c3c3c3c3-3333-4000-8000-000000000003',
};
const CAROL_SLACK = 'U0CAROL';
const DAVE_SLACK = 'U0DAVE';
const PAT_SLACK = 'U0PAT';
const PAT_TEAMS: Sender = {
  id: '29:1pat-x',
  name: 'Pat Park',
  aadObjectId: 'd4d4d4d4-4444-4000-8000-000000000004',
};
const NOBODY_SLACK = 'U0NOBODYX';

// Alice and Carol each hold a responder account on one platform and an approver account on the other.
const RBAC = `
roles:
  viewer: ["email:PAT@Contoso.com"]
  responder: ["slack:${ALICE_SLACK}", "teams:${CAROL_TEAMS.id}"]
  approver: ["teams:${ALICE_TEAMS.id}", "teams:${BOB_TEAMS.id}", "slack:${CAROL_SLACK}", "slack:${DAVE_SLACK}"]
  admin: []
approvals:
  ttlMinutes: 60
  actions: [isolate, release, restrict, unrestrict]
`;

let stack: Stack;
let sim: Simulator;
let slack: FakeSlack;
let connector: FakeConnector;
let bot: TestBot;
let driver: SlackDriver;
let machines: SimMachine[];
let next = 0;
let seq = 0;

beforeAll(async () => {
  stack = await startStack({ rbac: RBAC });
  ({ sim, slack, connector, bot } = stack);
  driver = new SlackDriver(bot, slack);
  machines = sim.mde.listMachines();
  slack.setUser(ALICE_SLACK, { email: 'alice@contoso.com' });
  slack.setUser(CAROL_SLACK, { email: 'carol@contoso.com' });
  slack.setUser(DAVE_SLACK, { email: 'dave@contoso.com' });
  slack.setUser(PAT_SLACK, { email: 'pat@contoso.com' });
  connector.setMember(ALICE_TEAMS.id, {
    email: 'Alice@Contoso.com',
    userPrincipalName: 'alice@contoso.onmicrosoft.com',
    aadObjectId: ALICE_TEAMS.aadObjectId,
  });
  connector.setMember(BOB_TEAMS.id, {
    email: 'bob@contoso.com',
    userPrincipalName: 'bob@contoso.com',
    aadObjectId: BOB_TEAMS.aadObjectId,
  });
  // Carol's Teams mailbox differs from her Slack one; her UPN is what they share.
  connector.setMember(CAROL_TEAMS.id, {
    email: 'c.cole@contoso.com',
    userPrincipalName: 'Carol@Contoso.com',
    aadObjectId: CAROL_TEAMS.aadObjectId,
  });
  connector.setMember(PAT_TEAMS.id, {
    email: 'patricia.park@contoso.com',
    userPrincipalName: 'pat@contoso.com',
    aadObjectId: PAT_TEAMS.aadObjectId,
  });
});
afterAll(() => stack.close());

const machine = (): SimMachine => machines[next++ % machines.length]!;
const isolatePosts = (m: SimMachine) =>
  sim.calls().filter((c) => c.method === 'POST' && c.path === `/api/machines/${m.id}/isolate`);
const messagesUrl = () => `${bot.url}/api/messages`;
const inChat = (conversation: string) => (c: ConnectorCall) => c.conversationId === conversation;
const cardText = (c: ConnectorCall) => JSON.stringify(c.body);

function inConversation(activity: TeamsActivity, conversation: string): TeamsActivity {
  return {
    ...activity,
    conversation: { ...(activity.conversation as Record<string, unknown>), id: conversation },
  };
}

function teamsMessage(text: string, from: Sender, conversation: string): TeamsActivity {
  return inConversation(
    messageActivity(text, { serviceUrl: connector.serviceUrl, scope: 'groupChat', from }),
    conversation,
  );
}

async function teamsClick(
  verb: string,
  id: string,
  from: Sender,
  conversation: string,
  replyToId: string,
): Promise<string> {
  const activity = inConversation(
    cardActionActivity({
      serviceUrl: connector.serviceUrl,
      scope: 'groupChat',
      from,
      verb,
      data: { id },
      replyToId,
    }),
    conversation,
  );
  const response = await postActivity(messagesUrl(), activity);
  expect(response.status).toBe(200);
  return response.text();
}

/** The opaque id of the card's Action.Execute button with `verb`. */
function executeId(node: unknown, verb: string): string | undefined {
  if (Array.isArray(node)) return node.map((item) => executeId(item, verb)).find((id) => id !== undefined);
  if (typeof node !== 'object' || node === null) return undefined;
  const record = node as Record<string, unknown>;
  if (record.type === 'Action.Execute' && record.verb === verb)
    return String((record.data as { id?: unknown } | undefined)?.id);
  return executeId(Object.values(record), verb);
}

describe('email: entries', () => {
  it('match the Slack profile email and the Teams UPN; a user without that address stays refused', async () => {
    const target = machine();
    const channel = driver.newChannel();
    const onSlack = await driver.command(`machine ${target.computerDnsName}`, PAT_SLACK, channel);
    expect(onSlack.body).not.toMatch(/needs the viewer role/);
    await driver.posted(channel, new RegExp(target.computerDnsName.split('.')[0]!));

    const refused = await driver.command(`machine ${target.computerDnsName}`, NOBODY_SLACK, channel);
    expect(refused.body).toMatch(/needs the viewer role; you have no role/);

    const chat = `19:identities-pat-${++seq}@thread.v2`;
    expect(
      (await postActivity(messagesUrl(), teamsMessage(`machine ${target.computerDnsName}`, PAT_TEAMS, chat)))
        .status,
    ).toBe(200);
    await connector.waitFor(
      (c) => inChat(chat)(c) && c.status === 200 && cardText(c).includes(target.id),
      15_000,
    );
    const whoami = teamsMessage('whoami', PAT_TEAMS, chat);
    await postActivity(messagesUrl(), whoami);
    const answer = await connector.waitFor(
      (c) => inChat(chat)(c) && c.route === 'reply' && c.targetId === whoami.id,
    );
    expect(cardText(answer)).toContain('email:pat@contoso.com');
    expect(cardText(answer)).toContain('role: viewer');
  });
});

describe('four-eyes across chat accounts', () => {
  it('a request made on Slack cannot be approved by the same person from Teams; another approver can', async () => {
    const target = machine();
    const channel = driver.newChannel();
    await driver.command(`isolate ${target.computerDnsName} full beacon to known C2`, ALICE_SLACK, channel);
    const card = await driver.posted(channel, /Approve/);
    const approve = buttons(card).find((b) => b.action_id.startsWith('approval.approve'))!;

    // Alice's Teams account holds the approver role, but she is the requester (same mailbox).
    const chat = `19:identities-approvers-${++seq}@thread.v2`;
    const refusal = await teamsClick('approval.approve', approve.value, ALICE_TEAMS, chat, 'foreign-card');
    expect(refusal).toMatch(/You asked for this isolation; another approver must decide \(four-eyes\)/);
    expect(isolatePosts(target)).toHaveLength(0);

    const approved = await teamsClick('approval.approve', approve.value, BOB_TEAMS, chat, 'foreign-card');
    expect(approved).toMatch(/approved/i);
    await driver.updated(channel, tsOf(card), /Succeeded/, 20_000);
    expect(isolatePosts(target)).toHaveLength(1);
    expect((isolatePosts(target)[0]!.body as { Comment: string }).Comment).toContain(ALICE_SLACK);
  });

  it('a request made on Teams cannot be approved by the same person from Slack (shared UPN); an unresolvable approver is told to try again', async () => {
    const target = machine();
    const chat = `19:identities-carol-${++seq}@thread.v2`;
    expect(
      (
        await postActivity(
          messagesUrl(),
          teamsMessage(`isolate ${target.computerDnsName} full lateral movement`, CAROL_TEAMS, chat),
        )
      ).status,
    ).toBe(200);
    const posted = await connector.waitFor(
      (c) =>
        inChat(chat)(c) &&
        // The approval card takes the place of the "working on it" reply (an update of it).
        (((c.route === 'send' || c.route === 'reply') && c.responseId !== undefined) ||
          c.route === 'update') &&
        /approval\.approve/.test(cardText(c)),
      15_000,
    );
    const id = executeId(posted.body, 'approval.approve');
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);

    const channel = driver.newChannel();
    const click = (user: string) =>
      postSignedToSlackEndpoint(
        bot.slackEvents,
        SIGNING_SECRET,
        blockActionsBody({
          userId: user,
          channelId: channel,
          messageTs: '1700000000.999999',
          actions: [{ action_id: 'approval.approve', value: id! }],
        }),
      );
    expect((await click(CAROL_SLACK)).status).toBe(200);
    await driver.ephemeral(channel, CAROL_SLACK, /another approver must decide \(four-eyes\)/);

    // Dave is an approver, but Slack cannot say who he is right now: no decision on a guess.
    slack.setFailing('users.info', 'internal_error');
    expect((await click(DAVE_SLACK)).status).toBe(200);
    await driver.ephemeral(channel, DAVE_SLACK, /try again/i);
    slack.setFailing('users.info');
    expect(isolatePosts(target)).toHaveLength(0);

    expect((await click(DAVE_SLACK)).status).toBe(200);
    await connector.waitFor(
      (c) =>
        inChat(chat)(c) &&
        c.route === 'update' &&
        c.targetId === (posted.route === 'update' ? posted.targetId : posted.responseId) &&
        /Succeeded/.test(cardText(c)),
      20_000,
    );
    expect(isolatePosts(target)).toHaveLength(1);
  });
});

describe('redeliveries', () => {
  it('a Slack retry of a slash command makes no second job', async () => {
    const target = machine();
    const channel = driver.newChannel();
    const body = slashCommandBody({
      text: `machine ${target.computerDnsName}`,
      user_id: PAT_SLACK,
      channel_id: channel,
      response_url: slack.responseUrl(`retry-${++seq}`),
    });
    const first = await postSignedToSlackEndpoint(bot.slackEvents, SIGNING_SECRET, body);
    expect(await first.text()).toMatch(/Working on it/);
    const retry = await postSignedToSlackEndpoint(bot.slackEvents, SIGNING_SECRET, body, {
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(retry.status).toBe(200);
    expect(await retry.text()).not.toMatch(/Working on it/);
    await driver.posted(channel, new RegExp(target.computerDnsName.split('.')[0]!));
    expect(await defenderJobsIn(bot, channel)).toBe(1);
    expect(
      slack.calls().filter((c) => c.method === 'chat.postMessage' && c.body.channel === channel),
    ).toHaveLength(1);
  });

  it('a Teams activity sent twice makes no second job', async () => {
    const target = machine();
    const chat = `19:identities-dup-${++seq}@thread.v2`;
    const activity = teamsMessage(`machine ${target.computerDnsName}`, PAT_TEAMS, chat);
    expect((await postActivity(messagesUrl(), activity)).status).toBe(200);
    expect((await postActivity(messagesUrl(), activity)).status).toBe(200);
    await connector.waitFor(
      (c) => inChat(chat)(c) && c.status === 200 && cardText(c).includes(target.id),
      15_000,
    );
    expect(await defenderJobsIn(bot, chat)).toBe(1);
    // One "working" reply: the redelivery was answered with nothing.
    expect(
      connector
        .calls()
        .filter((c) => inChat(chat)(c) && c.route === 'reply' && /Working on it/.test(cardText(c))),
    ).toHaveLength(1);
  });
});
