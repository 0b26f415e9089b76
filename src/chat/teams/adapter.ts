// The Teams front door: botbuilder's CloudAdapter at POST /api/messages on the shared express server,
// turning authenticated activities into Interactions for the core, and the Reply the worker posts through.
import type { Express } from 'express';
import type { Redis } from 'ioredis';
import type { InteractionHandler } from '../../app/types.js';
import type { TeamsConfig } from '../../config/types.js';
import type { Logger, Reply } from '../../core/index.js';
import { jsonBody } from '../../http/index.js';
import { botAppId, channelAudience, createTeamsAuthentication, type TeamsCredentialsFactory } from './authentication.js';
import { TeamsCloudAdapter } from './cloud-adapter.js';
import { createConversationStore, type ConversationStore } from './conversation-store.js';
import { createTeamsReply } from './reply.js';
import { activitiesRoute } from './route.js';
import { createTurnErrorHandler, createTurnLogic } from './turn.js';

export const TEAMS_MESSAGES_PATH = '/api/messages';

export interface TeamsAdapterOptions {
  config: TeamsConfig;
  handler: InteractionHandler;
  logger: Logger;
  redis: Redis;
  /** Key prefix (QUEUE_PREFIX); references live at `${prefix}:teams:conv:<conversationId>`. */
  prefix: string;
  /** ConfigurationBotFrameworkAuthentication keys (sovereign clouds, tests); set all of them together. */
  authOverrides?: Readonly<Record<string, string>>;
  /** Outbound credentials instead of botbuilder's msal-based default (tests). */
  credentialsFactory?: TeamsCredentialsFactory;
  clock?: () => number;
}

export interface TeamsAdapter {
  /** Adds POST /api/messages (JSON body parser on that route only) to the shared app. */
  mount(app: Express): void;
  readonly reply: Reply;
  readonly conversations: ConversationStore;
}

export function createTeamsAdapter(options: TeamsAdapterOptions): TeamsAdapter {
  const logger = options.logger.child({ component: 'teams' });
  const authentication = createTeamsAuthentication(options.config, options.authOverrides, options.credentialsFactory);
  const adapter = new TeamsCloudAdapter(authentication);
  const conversations = createConversationStore(options.redis, options.prefix);
  const reply = createTeamsReply({
    adapter,
    appId: botAppId(options.config),
    audience: channelAudience(options.authOverrides),
    store: conversations,
    logger,
  });
  const deps = {
    handler: options.handler,
    store: conversations,
    logger,
    clock: options.clock ?? Date.now,
    sendPrivately: reply.postPrivate.bind(reply),
  };
  adapter.onTurnError = createTurnErrorHandler(deps);
  const logic = createTurnLogic(deps);

  return {
    reply,
    conversations,
    mount(app: Express): void {
      app.post(TEAMS_MESSAGES_PATH, jsonBody(), activitiesRoute({ authentication, adapter, logic, logger }));
      logger.info({ authenticated: botAppId(options.config) !== '' }, 'teams route mounted');
    },
  };
}
