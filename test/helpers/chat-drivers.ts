// The chat drivers of the cross-platform e2e specs: one interface (send text, read cards, click buttons)
// over Slack's signed requests and fake Web API, and over Bot Framework activities and the fake connector.
import { expect } from 'vitest';
import { SIGNING_SECRET, type TestBot } from './bot.js';
import type { ConnectorCall, FakeConnector } from './fake-connector.js';
import type { FakeSlack } from './fake-slack.js';
import {
  blockActionsBody,
  postSignedToSlackEndpoint,
  slashCommandBody,
  viewSubmissionBody,
} from './slack-signing.js';
import {
  WORKING_MESSAGE,
  isPrivateTo,
  buttons as slackButtons,
  content as slackContent,
  workingStillShowing,
} from './slack-flow.js';
import { cardActionActivity, messageActivity, postActivity, type Sender } from './teams-activity.js';

export type Role = 'viewer' | 'responder' | 'approver' | 'nobody';
export interface Button {
  verb: string;
  id: string;
}
export interface PostedCard {
  messageId: string;
  text: string;
  buttons: Button[];
}

/** What a chat platform looks like to the scenarios: send text, read cards, click buttons. */
export interface ChatDriver {
  name: 'slack' | 'teams';
  newConversation(): string;
  /** Sends a command; resolves to what the user saw at once (ack body / turn reply). */
  send(text: string, as: Role, conversation: string): Promise<string>;
  /** A card the bot posted to the conversation (worker side). */
  posted(conversation: string, matches: RegExp): Promise<PostedCard>;
  /** Clicks a button; resolves to the immediate answer (Teams invoke response; Slack: '' ). */
  click(button: Button, as: Role, conversation: string, messageId: string): Promise<string>;
  /**
   * Fills in a card's form (input id -> value) and submits it: on Teams the inputs ride in the submit's
   * data; on Slack the button opens a modal (views.open), which is then submitted (view_submission).
   */
  submit(
    button: Button,
    values: Record<string, string>,
    as: Role,
    conversation: string,
    messageId: string,
  ): Promise<string>;
  /** The same message, updated in place. */
  updated(conversation: string, messageId: string, matches: RegExp): Promise<string>;
  /** A refusal or note shown to that user alone (for a click, or as a command's private answer). */
  toldUser(conversation: string, as: Role, matches: RegExp, clickAnswer: string): Promise<void>;
  /**
   * The "working on it" messages still showing in the conversation, one line each (empty once every
   * command there has its result in place): on Slack, a slash command's working message (its ack, or a
   * late answer through its response_url) that the response_url neither replaced nor deleted; on
   * Teams, a working card reply neither updated to something else nor deleted.
   */
  workingLeft(conversation: string): string[];
}

export const SLACK_USERS: Record<Role, string> = {
  viewer: 'U0CVIEW',
  responder: 'U0CRESP',
  approver: 'U0CAPPR',
  nobody: 'U0CNONE',
};
export const TEAMS_USERS: Record<Role, Sender> = {
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

/** What the drivers talk to; read when a driver is used, so specs may start it in beforeAll. */
export interface ChatStack {
  bot: TestBot;
  slack: FakeSlack;
  connector: FakeConnector;
}

let seq = 0;

export function slackDriver(stack: () => ChatStack): ChatDriver {
  /** Per conversation: each slash command sent there, by its response_url's id, with its ack body. */
  const commands = new Map<string, { responseId: string; text: string; ack: string }[]>();
  return {
    name: 'slack',
    newConversation: () => `CCONTRACT${++seq}`,
    async send(text, as, conversation) {
      const responseId = `c${++seq}`;
      const body = slashCommandBody({
        text,
        user_id: SLACK_USERS[as],
        channel_id: conversation,
        response_url: stack().slack.responseUrl(responseId, {
          channel: conversation,
          user: SLACK_USERS[as],
        }),
      });
      const response = await postSignedToSlackEndpoint(stack().bot.slackEvents, SIGNING_SECRET, body);
      const ack = await response.text();
      commands.set(conversation, [...(commands.get(conversation) ?? []), { responseId, text, ack }]);
      return ack;
    },
    async posted(conversation, matches) {
      const call = await stack().slack.waitFor(
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
      const response = await postSignedToSlackEndpoint(stack().bot.slackEvents, SIGNING_SECRET, body);
      expect(response.status).toBe(200);
      return '';
    },
    async submit(button, values, as, conversation, messageId) {
      const before = stack().slack.calls().length;
      await this.click(button, as, conversation, messageId);
      const opened = await stack().slack.waitFor(
        (c) => c.method === 'views.open' && stack().slack.calls().indexOf(c) >= before,
        10_000,
      );
      const view = (
        typeof opened.body.view === 'string' ? JSON.parse(opened.body.view) : opened.body.view
      ) as {
        private_metadata: string;
        blocks: { type: string; block_id?: string; element?: { type: string; action_id: string } }[];
      };
      const state: Record<string, Record<string, Record<string, unknown>>> = {};
      for (const block of view.blocks) {
        if (block.type !== 'input' || !block.element || !block.block_id) continue;
        const value = values[block.element.action_id];
        state[block.block_id] = {
          [block.element.action_id]:
            block.element.type === 'static_select'
              ? { type: 'static_select', selected_option: value === undefined ? null : { value } }
              : { type: 'plain_text_input', value: value ?? null },
        };
      }
      const body = viewSubmissionBody({
        userId: SLACK_USERS[as],
        viewId: String((opened.response?.view as { id?: unknown } | undefined)?.id),
        privateMetadata: view.private_metadata,
        values: state,
      });
      const response = await postSignedToSlackEndpoint(stack().bot.slackEvents, SIGNING_SECRET, body);
      expect(response.status).toBe(200);
      return '';
    },
    async updated(conversation, messageId, matches) {
      const call = await stack().slack.waitFor(
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
      await stack().slack.waitFor(
        (c) => isPrivateTo(conversation, SLACK_USERS[as])(c) && matches.test(slackContent(c)),
        10_000,
      );
    },
    workingLeft(conversation) {
      return (commands.get(conversation) ?? [])
        .filter((command) => workingStillShowing(stack().slack, command.responseId, command.ack))
        .map((command) => `working message of "${command.text}" (response_url ${command.responseId})`);
    },
  };
}

export function teamsDriver(stack: () => ChatStack): ChatDriver {
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
          serviceUrl: stack().connector.serviceUrl,
          scope: 'groupChat',
          from: TEAMS_USERS[as],
        }),
        conversation,
      );
      const response = await postActivity(`${stack().bot.url}/api/messages`, activity);
      expect(response.status).toBe(200);
      const reply = await stack().connector.waitFor(
        (c) => inConversation(conversation)(c) && c.route === 'reply' && c.targetId === activity.id,
      );
      return attachmentText(reply);
    },
    async posted(conversation, matches) {
      // A typed command's result takes the place of its "working on it" card (an update of it).
      const call = await stack().connector.waitFor(
        (c) =>
          inConversation(conversation)(c) &&
          (((c.route === 'reply' || c.route === 'send') && c.responseId !== undefined) ||
            (c.route === 'update' && c.targetId !== undefined)) &&
          matches.test(attachmentText(c)),
        15_000,
      );
      const card = ((call.body.attachments as { content: unknown }[] | undefined) ?? [])[0]?.content;
      const messageId = call.route === 'update' ? call.targetId! : call.responseId!;
      return { messageId, text: attachmentText(call), buttons: executeButtons(card) };
    },
    async click(button, as, conversation, messageId) {
      const activity = withConversation(
        cardActionActivity({
          serviceUrl: stack().connector.serviceUrl,
          scope: 'groupChat',
          from: TEAMS_USERS[as],
          verb: button.verb,
          data: { id: button.id },
          replyToId: messageId,
        }),
        conversation,
      );
      const response = await postActivity(`${stack().bot.url}/api/messages`, activity);
      expect(response.status).toBe(200);
      return response.text();
    },
    async submit(button, values, as, conversation, messageId) {
      const activity = withConversation(
        cardActionActivity({
          serviceUrl: stack().connector.serviceUrl,
          scope: 'groupChat',
          from: TEAMS_USERS[as],
          verb: button.verb,
          data: { id: button.id, ...values },
          replyToId: messageId,
        }),
        conversation,
      );
      const response = await postActivity(`${stack().bot.url}/api/messages`, activity);
      expect(response.status).toBe(200);
      return response.text();
    },
    async updated(conversation, messageId, matches) {
      const call = await stack().connector.waitFor(
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
    workingLeft(conversation) {
      const calls = stack()
        .connector.calls()
        .filter((c) => inConversation(conversation)(c) && c.status === 200);
      return calls
        .filter(
          (c) => c.route === 'reply' && c.responseId !== undefined && WORKING_MESSAGE.test(attachmentText(c)),
        )
        .filter((card) => {
          const later = calls.filter((c) => c.targetId === card.responseId);
          if (later.some((c) => c.route === 'delete')) return false;
          const shown = later.filter((c) => c.route === 'update').at(-1) ?? card;
          return WORKING_MESSAGE.test(attachmentText(shown));
        })
        .map((card) => `working card ${card.responseId!} (a reply to ${card.targetId ?? '?'})`);
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

/** The specs' RBAC file: each role held by a Slack account and a Teams account (the responder by Entra id). */
export function chatRbac(more = ''): string {
  return `
roles:
  viewer: ["slack:${SLACK_USERS.viewer}", "teams:${TEAMS_USERS.viewer.id}"]
  responder: ["slack:${SLACK_USERS.responder}", "aad:${TEAMS_USERS.responder.aadObjectId}"]
  approver: ["slack:${SLACK_USERS.approver}", "teams:${TEAMS_USERS.approver.id}"]
  admin: []
${more}`;
}
