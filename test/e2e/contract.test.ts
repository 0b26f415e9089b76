// One spec, two platforms: the same chat scenarios run against the Slack and the Teams adapter, each
// through its real wire format (signed Slack requests / Bot Framework activities) and its fake
// platform service, with one bot, one simulator and one Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator, SimMachine } from '../../src/sim/index.js';
import { BOT_TOKEN, SIGNING_SECRET, startTestBot, type TestBot } from '../helpers/bot.js';
import { startFakeConnector, type ConnectorCall, type FakeConnector } from '../helpers/fake-connector.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { blockActionsBody, postSignedToSlackEndpoint, slashCommandBody } from '../helpers/slack-signing.js';
import { buttons as slackButtons, content as slackContent } from '../helpers/slack-flow.js';
import { startTestSimulator } from '../helpers/sim.js';
import { cardActionActivity, messageActivity, postActivity, type Sender } from '../helpers/teams-activity.js';

type Role = 'viewer' | 'responder' | 'approver' | 'nobody';
interface Button {
  verb: string;
  id: string;
}
interface PostedCard {
  messageId: string;
  text: string;
  buttons: Button[];
}

/** What a chat platform looks like to the scenarios: send text, read cards, click buttons. */
interface ChatDriver {
  name: 'slack' | 'teams';
  newConversation(): string;
  /** Sends a command; resolves to what the user saw at once (ack body / turn reply). */
  send(text: string, as: Role, conversation: string): Promise<string>;
  /** A card the bot posted to the conversation (worker side). */
  posted(conversation: string, matches: RegExp): Promise<PostedCard>;
  /** Clicks a button; resolves to the immediate answer (Teams invoke response; Slack: '' ). */
  click(button: Button, as: Role, conversation: string, messageId: string): Promise<string>;
  /** The same message, updated in place. */
  updated(conversation: string, messageId: string, matches: RegExp): Promise<string>;
  /** A refusal or note shown to that user for that click. */
  toldUser(conversation: string, as: Role, matches: RegExp, clickAnswer: string): Promise<void>;
}

const SLACK_USERS: Record<Role, string> = {
  viewer: 'U0CVIEW',
  responder: 'U0CRESP',
  approver: 'U0CAPPR',
  nobody: 'U0CNONE',
};
const TEAMS_USERS: Record<Role, Sender> = {
  viewer: {
    id: '29:contract-viewer',
    name: 'Vera Viewer',
    aadObjectId: 'c0000000-0000-4000-8000-000000000001',
  },
  responder: {
    id: '29:contract-responder',
    name: 'Rae Responder',
    aadObjectId: 'c0000000-0000-4000-8000-000000000002',
  },
  approver: {
    id: '29:contract-approver',
    name: 'Abe Approver',
    aadObjectId: 'c0000000-0000-4000-8000-000000000003',
  },
  nobody: {
    id: '29:contract-nobody',
    name: 'Ned Nobody',
    aadObjectId: 'c0000000-0000-4000-8000-000000000004',
  },
};

const RBAC = `
roles:
  viewer: ["slack:${SLACK_USERS.viewer}", "teams:${TEAMS_USERS.viewer.id}"]
  responder: ["slack:${SLACK_USERS.responder}", "aad:${TEAMS_USERS.responder.aadObjectId}"]
  approver: ["slack:${SLACK_USERS.approver}", "teams:${TEAMS_USERS.approver.id}"]
  admin: []
approvals:
  ttlMinutes: 60
  actions: [isolate, release, restrict, unrestrict]
`;

let sim: Simulator;
let slack: FakeSlack;
let connector: FakeConnector;
let bot: TestBot;
let machines: SimMachine[];
let seq = 0;

function slackDriver(): ChatDriver {
  return {
    name: 'slack',
    newConversation: () => `CCONTRACT${++seq}`,
    async send(text, as, conversation) {
      const body = slashCommandBody({
        text,
        user_id: SLACK_USERS[as],
        channel_id: conversation,
        response_url: slack.responseUrl(`c${++seq}`),
      });
      const response = await postSignedToSlackEndpoint(bot.slackEvents, SIGNING_SECRET, body);
      return response.text();
    },
    async posted(conversation, matches) {
      const call = await slack.waitFor(
        (c) =>
          c.method === 'chat.postMessage' && c.body.channel === conversation && matches.test(slackContent(c)),
        15_000,
      );
      return {
        messageId: String(call.response?.ts),
        text: slackContent(call),
        buttons: slackButtons(call).map((b) => ({ verb: b.action_id.replace(/#\d+$/, ''), id: b.value })),
      };
    },
    async click(button, as, conversation, messageId) {
      const body = blockActionsBody({
        userId: SLACK_USERS[as],
        channelId: conversation,
        messageTs: messageId,
        actions: [{ action_id: button.verb, value: button.id }],
      });
      const response = await postSignedToSlackEndpoint(bot.slackEvents, SIGNING_SECRET, body);
      expect(response.status).toBe(200);
      return '';
    },
    async updated(conversation, messageId, matches) {
      const call = await slack.waitFor(
        (c) =>
          c.method === 'chat.update' &&
          c.body.channel === conversation &&
          c.body.ts === messageId &&
          matches.test(slackContent(c)),
        20_000,
      );
      return slackContent(call);
    },
    async toldUser(conversation, as, matches) {
      await slack.waitFor(
        (c) =>
          c.method === 'chat.postEphemeral' &&
          c.body.channel === conversation &&
          c.body.user === SLACK_USERS[as] &&
          matches.test(slackContent(c)),
        10_000,
      );
    },
  };
}

function teamsDriver(): ChatDriver {
  const inConversation = (conversation: string) => (c: ConnectorCall) => c.conversationId === conversation;
  const attachmentText = (c: ConnectorCall) => JSON.stringify(c.body);
  const withConversation = (
    activity: Record<string, unknown>,
    conversation: string,
  ): Record<string, unknown> => ({
    ...activity,
    conversation: { ...(activity.conversation as Record<string, unknown>), id: conversation },
  });
  return {
    name: 'teams',
    newConversation: () => `19:contract-${++seq}@thread.v2`,
    async send(text, as, conversation) {
      const activity = withConversation(
        messageActivity(text, {
          serviceUrl: connector.serviceUrl,
          scope: 'groupChat',
          from: TEAMS_USERS[as],
        }),
        conversation,
      );
      const response = await postActivity(`${bot.url}/api/messages`, activity);
      expect(response.status).toBe(200);
      const reply = await connector.waitFor(
        (c) => inConversation(conversation)(c) && c.route === 'reply' && c.targetId === activity.id,
      );
      return attachmentText(reply);
    },
    async posted(conversation, matches) {
      const call = await connector.waitFor(
        (c) =>
          inConversation(conversation)(c) &&
          (c.route === 'reply' || c.route === 'send') &&
          matches.test(attachmentText(c)) &&
          c.responseId !== undefined,
        15_000,
      );
      const card = ((call.body.attachments as { content: unknown }[] | undefined) ?? [])[0]?.content;
      return { messageId: call.responseId!, text: attachmentText(call), buttons: executeButtons(card) };
    },
    async click(button, as, conversation, messageId) {
      const activity = withConversation(
        cardActionActivity({
          serviceUrl: connector.serviceUrl,
          scope: 'groupChat',
          from: TEAMS_USERS[as],
          verb: button.verb,
          data: { id: button.id },
          replyToId: messageId,
        }),
        conversation,
      );
      const response = await postActivity(`${bot.url}/api/messages`, activity);
      expect(response.status).toBe(200);
      return response.text();
    },
    async updated(conversation, messageId, matches) {
      const call = await connector.waitFor(
        (c) =>
          inConversation(conversation)(c) &&
          c.route === 'update' &&
          c.targetId === messageId &&
          matches.test(attachmentText(c)),
        20_000,
      );
      return attachmentText(call);
    },
    toldUser(_conversation, _as, matches, clickAnswer) {
      // Teams has no ephemeral messages: the refusal is the invoke response, seen only by the clicker.
      expect(clickAnswer).toMatch(matches);
      return Promise.resolve();
    },
  };
}

function executeButtons(card: unknown): Button[] {
  const found: Button[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (record.type === 'Action.Execute' && typeof record.verb === 'string') {
      found.push({ verb: record.verb, id: String((record.data as { id?: unknown } | undefined)?.id) });
    }
    Object.values(record).forEach(visit);
  };
  visit(card);
  return found;
}

beforeAll(async () => {
  sim = await startTestSimulator({ lifecycle: { pendingMs: 300, inProgressMs: 300 } });
  slack = await startFakeSlack({ botToken: BOT_TOKEN });
  connector = await startFakeConnector();
  bot = await startTestBot({ sim, slack, rbac: RBAC, env: { TEAMS_ALLOW_UNAUTHENTICATED: 'true' } });
  machines = sim.mde.listMachines();
});
afterAll(async () => {
  await bot.close();
  await connector.close();
  await slack.close();
  await sim.close();
});

const drivers = [slackDriver, teamsDriver];
let machineIndex = 20;

describe.each(drivers.map((make) => [make.name.replace('Driver', ''), make] as const))(
  'chat contract: %s',
  (_name, make) => {
    const chat = make();

    it('help lists only what the user may run', async () => {
      const viewer = await chat.send('help', 'viewer', chat.newConversation());
      expect(viewer).toMatch(/machine/);
      expect(viewer).not.toMatch(/isolate/);
      const responder = await chat.send('help', 'responder', chat.newConversation());
      expect(responder).toMatch(/isolate/);
    });

    it('a user without a role is refused and nothing reaches MDE', async () => {
      const before = sim.calls().length;
      const answer = await chat.send('machine web-07', 'nobody', chat.newConversation());
      expect(answer).toMatch(/needs the viewer role/);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(sim.calls().length).toBe(before);
    });

    it('machine <name> answers with the machine card', async () => {
      const target = machines[machineIndex++]!;
      const conversation = chat.newConversation();
      await chat.send(`machine ${target.computerDnsName}`, 'viewer', conversation);
      const card = await chat.posted(conversation, new RegExp(target.id));
      expect(card.text).toContain(target.computerDnsName);
      expect(card.buttons.map((b) => b.verb)).toContain('machine.actions');
    });

    it('isolation: requester and viewer refused, approver approves, one MDE isolate, same message shows success', async () => {
      const target = machines[machineIndex++]!;
      const conversation = chat.newConversation();
      await chat.send(`isolate ${target.computerDnsName} full beaconing to c2`, 'responder', conversation);
      const card = await chat.posted(conversation, /Approve/);
      const approve = card.buttons.find((b) => b.verb === 'approval.approve')!;
      expect(approve.id).toMatch(/^[A-Za-z0-9_-]{22}$/);

      const own = await chat.click(approve, 'responder', conversation, card.messageId);
      await chat.toldUser(conversation, 'responder', /four-eyes|another approver|your own/i, own);
      const viewer = await chat.click(approve, 'viewer', conversation, card.messageId);
      await chat.toldUser(conversation, 'viewer', /approver/i, viewer);
      const isolates = () =>
        sim.calls().filter((c) => c.method === 'POST' && c.path === `/api/machines/${target.id}/isolate`);
      expect(isolates()).toHaveLength(0);

      const approved = await chat.click(approve, 'approver', conversation, card.messageId);
      if (chat.name === 'teams') expect(approved).toMatch(/application\/vnd\.microsoft\.card\.adaptive/);
      await chat.updated(conversation, card.messageId, /Succeeded/);
      expect(isolates()).toHaveLength(1);
      expect((isolates()[0]!.body as { Comment: string }).Comment).toMatch(
        chat.name === 'slack' ? /Slack/ : /Microsoft Teams/,
      );
    });
  },
);
