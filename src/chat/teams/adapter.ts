// The Teams front door: botbuilder's CloudAdapter at POST /api/messages on the shared express server,
// turning authenticated activities into Interactions for the core, and the Reply the worker posts through.
import type { Express } from 'express';
import type { Redis } from 'ioredis';
import type { InteractionHandler } from '../../app/index.js';
import type { TeamsConfig } from '../../config/types.js';
import {
  systemClock,
  type ChatAdapter,
  type ChatAdapterFactory,
  type Clock,
  type Logger,
} from '../../core/index.js';
import { jsonBody } from '../../http/index.js';
import type { Metrics } from '../../metrics/index.js';
import {
  botAppId,
  channelAudience,
  createTeamsAuthentication,
  type TeamsCredentialsFactory,
} from './authentication.js';
import { TeamsCloudAdapter } from './cloud-adapter.js';
import { createConversationStore, type ConversationStore } from './conversation-store.js';
import { createWorkingHandoff } from './working.js';
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
  clock?: Clock;
}

/** The types the Teams adapter is wired with (see ChatWiring in core). */
export interface TeamsWiring {
  app: Express;
  handler: InteractionHandler;
  redis: Redis;
  metrics: TeamsMetrics;
}

/** Test and tuning knobs of the Teams adapter, beyond the dependencies every platform shares. */
export type TeamsAdapterOverrides = Pick<
  TeamsAdapterOptions,
  'memberLookupTimeoutMs' | 'authOverrides' | 'credentialsFactory'
>;

/**
 * The Teams ChatAdapter. `mount` adds POST /api/messages (JSON body parser on that route only) to the
 * shared app; `start` and `stop` have nothing to open or close (botbuilder connects per request).
 */
export interface TeamsAdapter extends ChatAdapter<TeamsWiring> {
  readonly platform: 'teams';
  readonly conversations: ConversationStore;
}

/** What the adapter is built with: its handler is absent in a worker-only process (see teamsAdapterFactory). */
type TeamsAdapterBuild = Omit<TeamsAdapterOptions, 'handler'> & { handler: InteractionHandler | undefined };

export function createTeamsAdapter(options: TeamsAdapterOptions): TeamsAdapter {
  return buildTeamsAdapter(options);
}

/**
 * The Teams adapter as the runtime builds it. Without a handler (a worker-only process) it is only the
 * Reply the worker posts through: `mount` refuses, so no activity can reach a handler that is not there.
 */
export function teamsAdapterFactory(
  config: TeamsConfig,
  overrides: TeamsAdapterOverrides = {},
): ChatAdapterFactory<TeamsWiring> {
  return ({ handler, logger, redis, prefix, metrics, clock }) =>
    Promise.resolve(
      buildTeamsAdapter({
        config,
        handler,
        logger,
        redis,
        prefix,
        metrics,
        ...(clock ? { clock } : {}),
        ...overrides,
      }),
    );
}

function buildTeamsAdapter(options: TeamsAdapterBuild): TeamsAdapter {
  const { handler } = options;
  const logger = options.logger.child({ component: 'teams' });
  const authentication = createTeamsAuthentication(
    options.config,
    options.authOverrides,
    options.credentialsFactory,
  );
  const adapter = new TeamsCloudAdapter(authentication);
  const conversations = createConversationStore(options.redis, options.prefix);
  const working = createWorkingHandoff(options.redis, options.prefix);
  const reply = createTeamsReply({
    adapter,
    appId: botAppId(options.config),
    audience: channelAudience(options.authOverrides),
    store: conversations,
    logger,
    working,
  });
  const clock = options.clock ?? systemClock;
  const deps = {
    // Never called without a handler: mount() refuses first.
    handler: handler ?? (() => Promise.reject(new Error('no handler in a worker-only process'))),
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
    working,
  };
  adapter.onTurnError = createTurnErrorHandler(deps);
  // The tenant gate runs first in every turn: nothing below it sees a foreign activity.
  const gate = createTenantGate({
    allowedTenants: options.config.allowedTenants,
    logger,
    refusals: options.metrics.foreignRefusalsTotal,
    clock,
  });
  const logic = gate(createTurnLogic(deps));
  const localOnly = options.config.allowUnauthenticated ? createLocalOnlyGuard({ logger, clock }) : undefined;

  return {
    platform: 'teams',
    reply,
    conversations,
    mount(app: Express): void {
      if (!handler)
        throw new Error('the Teams adapter of a worker-only process has no handler: it mounts no route');
      if (localOnly) {
        // Peer, Host and proxy headers are checked before the body parser reads anything.
        app.post(
          TEAMS_MESSAGES_PATH,
          localOnly.requests,
          jsonBody(),
          activitiesRoute({ authentication, adapter, logic, logger, localOnly }),
        );
        logger.warn(
          'TEAMS_ALLOW_UNAUTHENTICATED is on: /api/messages accepts UNAUTHENTICATED Bot Framework traffic (loopback only). For the local demo and tests, never production.',
        );
      } else {
        app.post(
          TEAMS_MESSAGES_PATH,
          jsonBody(),
          activitiesRoute({ authentication, adapter, logic, logger }),
        );
      }
      logger.info(
        { authenticated: botAppId(options.config) !== '', allowedTenants: options.config.allowedTenants },
        'teams route mounted',
      );
    },
    start: () => Promise.resolve(),
    stop: () => Promise.resolve(),
  };
}
