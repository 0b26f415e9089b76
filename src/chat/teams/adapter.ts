// The Teams front door: botbuilder's CloudAdapter at POST /api/messages on the shared express server,
// turning authenticated activities into Interactions for the core, and the Reply the worker posts through.
import type { Express } from 'express';
import type { Redis } from 'ioredis';
import type { InteractionHandler } from '../../app/types.js';
import type { TeamsConfig } from '../../config/types.js';
import type { Logger, Reply } from '../../core/index.js';
import { jsonBody } from '../../http/index.js';
import type { Metrics } from '../../metrics/index.js';
import { botAppId, channelAudience, createTeamsAuthentication, type TeamsCredentialsFactory } from './authentication.js';
import { TeamsCloudAdapter } from './cloud-adapter.js';
import { createConversationStore, type ConversationStore } from './conversation-store.js';
import { createTenantGate } from './foreign.js';
import { createLocalOnlyGuard } from './local-only.js';
import { createMemberLookup, DEFAULT_MEMBER_LOOKUP_TIMEOUT_MS } from './members.js';
import { createTeamsReply } from './reply.js';
import { activitiesRoute } from './route.js';
import { createTurnErrorHandler, createTurnLogic } from './turn.js';

export const TEAMS_MESSAGES_PATH = '/api/messages';

/** The metrics the adapter counts: refusals of foreign tenants and member look-ups. */
export type TeamsMetrics = Pick<Metrics, 'foreignRefusalsTotal' | 'identityLookupsTotal'>;

export interface TeamsAdapterOptions {
  config: TeamsConfig;
  handler: InteractionHandler;
  logger: Logger;
  redis: Redis;
  /** Key prefix (QUEUE_PREFIX); references live at `${prefix}:teams:conv:<conversationId>`, members at `${prefix}:teams:member:…`. */
  prefix: string;
  metrics: TeamsMetrics;
  /** Budget of one member look-up (cache + connector); default 1.5 s. */
  memberLookupTimeoutMs?: number;
  /** ConfigurationBotFrameworkAuthentication keys (sovereign clouds, tests); set all of them together. */
  authOverrides?: Readonly<Record<string, string>>;
  /** Outbound credentials instead of botbuilder's msal-based default (tests). */
  credentialsFactory?: TeamsCredentialsFactory;
  /** Epoch ms: Interaction.receivedAt and the pace of refusal log lines. */
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
  const clock = options.clock ?? Date.now;
  const deps = {
    handler: options.handler,
    store: conversations,
    logger,
    clock,
    members: createMemberLookup({
      redis: options.redis,
      prefix: options.prefix,
      timeoutMs: options.memberLookupTimeoutMs ?? DEFAULT_MEMBER_LOOKUP_TIMEOUT_MS,
      logger,
      lookups: options.metrics.identityLookupsTotal,
    }),
    sendPrivately: reply.postPrivate.bind(reply),
  };
  adapter.onTurnError = createTurnErrorHandler(deps);
  // The tenant gate runs first in every turn: nothing below it sees a foreign activity.
  const gate = createTenantGate({ allowedTenants: options.config.allowedTenants, logger, refusals: options.metrics.foreignRefusalsTotal, clock });
  const logic = gate(createTurnLogic(deps));
  const localOnly = options.config.allowUnauthenticated ? createLocalOnlyGuard({ logger, clock }) : undefined;

  return {
    reply,
    conversations,
    mount(app: Express): void {
      if (localOnly) {
        // Peer, Host and proxy headers are checked before the body parser reads anything.
        app.post(TEAMS_MESSAGES_PATH, localOnly.requests, jsonBody(), activitiesRoute({ authentication, adapter, logic, logger, localOnly }));
        logger.warn(
          'TEAMS_ALLOW_UNAUTHENTICATED is on: /api/messages accepts UNAUTHENTICATED Bot Framework traffic (loopback only). For the local demo and tests, never production.',
        );
      } else {
        app.post(TEAMS_MESSAGES_PATH, jsonBody(), activitiesRoute({ authentication, adapter, logic, logger }));
      }
      logger.info({ authenticated: botAppId(options.config) !== '', allowedTenants: options.config.allowedTenants }, 'teams route mounted');
    },
  };
}
