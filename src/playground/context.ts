// What every playground route shares: the chat history, the demo secrets it signs with, the ids of
// its one Slack channel and one Teams channel, and where the simulator's control API is.
import type { Request } from 'express';
import type { Logger } from '../core/index.js';
import { SlackViews } from './slack-views.js';
import { MessageStore } from './store.js';

export const PLAYGROUND_PATH = '/playground';

export interface PlaygroundOptions {
  /** SLACK_SIGNING_SECRET of the demo bot: the playground signs what it sends to /slack/events. */
  slackSigningSecret: string;
  /** SLACK_BOT_TOKEN of the demo bot: the fake Web API refuses any other. */
  slackBotToken: string;
  /** The simulator's base URL (its control API is under /_sim). */
  simUrl: string;
  logger: Logger;
}

export interface PlaygroundContext extends PlaygroundOptions {
  store: MessageStore;
  /** Where each response_url the playground handed out leads. */
  responseTargets: Map<string, ResponseTarget>;
  /** Teams 1:1 chats the bot opened (createConversation): conversation id -> user id. */
  personalChats: Map<string, string>;
  /** Slack: the trigger_ids handed out with commands and clicks, and the modals views.open opened. */
  slackViews: SlackViews;
}

export interface ResponseTarget {
  userId: string;
  channel: string;
  /** The clicked message (block_actions), for replace_original. */
  messageTs?: string;
}

export const SLACK_TEAM_ID = 'T0PLAYGROUND';
export const SLACK_CHANNEL = { id: 'C0PLAYSOC', name: 'soc' };
export const SLACK_BOT = { userId: 'U0DEFBOT', botId: 'B0DEFBOT' };

export const TEAMS_TENANT_ID = '0d1e2f3a-0000-4000-8000-00000000aa01';
export const TEAMS_CHANNEL_ID = '19:playground-soc@thread.tacv2';
export const TEAMS_TEAM_ID = '19:playground-team@thread.tacv2';
export const TEAMS_BOT = { id: '28:defbot-playground', name: 'Defbot' };

export function createContext(options: PlaygroundOptions): PlaygroundContext {
  return {
    ...options,
    store: new MessageStore(),
    responseTargets: new Map(),
    personalChats: new Map(),
    slackViews: new SlackViews(SLACK_TEAM_ID),
  };
}

/** The bot's own base URL as this request reached it (the playground posts back to the same server). */
export function botBaseUrl(req: Request): string {
  return `http://127.0.0.1:${req.socket.localPort}`;
}
