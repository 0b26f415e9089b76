// The Slack front door: a Bolt app on the shared express server (HTTP mode, /slack/events) or on a
// Socket Mode connection, admitting only our own organisation's requests and turning them into
// Interactions (with the user's verified email) for the core's handler.
import { randomUUID } from 'node:crypto';
import { App, ExpressReceiver, type Logger as BoltLogger } from '@slack/bolt';
import { Router, type Express, type RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import type { InteractionHandler } from '../../app/index.js';
import type { SlackConfig } from '../../config/types.js';
import {
  systemClock,
  withCorrelation,
  type ChatAdapter,
  type ChatAdapterFactory,
  type Clock,
  type Logger,
} from '../../core/index.js';
import { MAX_BODY_BYTES, rawBodyWithin } from '../../http/guards.js';
import { registerActionListener } from './action-listener.js';
import { registerFormListener } from './form-listener.js';
import { createBotIdentity, type BotIdentity } from './authorize.js';
import { registerCommandListener } from './command-listener.js';
import type { ListenerDeps } from './deps.js';
import { createSlackDirectory } from './directory.js';
import { registerEventListener } from './event-listener.js';
import { createBoltLogger } from './log-bridge.js';
import { createSlackReply, responseUrlGuard } from './reply.js';
import { createSlackWebClient, slackClientOptions } from './web-client.js';
import { createWorkspaceGate } from './workspace-gate.js';

export const SLACK_EVENTS_PATH = '/slack/events';
/** Slack drops a request not acked within 3 s; leave room for the network. */
const DEFAULT_ACK_DEADLINE_MS = 2_500;

/** A labelled counter (a prom-client Counter fits). */
interface LabelledCounter<Label extends string> {
  inc(labels: Partial<Record<Label, string>>): void;
}

/** The metrics the adapter counts into (the process's Metrics fit). */
export interface SlackAdapterMetrics {
  foreignRefusalsTotal: LabelledCounter<'platform' | 'kind'>;
  identityLookupsTotal: LabelledCounter<'platform' | 'outcome'>;
}

export interface SlackAdapterOptions {
  config: SlackConfig;
  handler: InteractionHandler;
  logger: Logger;
  /** Where users' emails are cached (the producer connection). */
  redis: Pick<Redis, 'get' | 'set'>;
  /** Key prefix (QUEUE_PREFIX); emails live at `${prefix}:slack:email:<user id>`. */
  prefix: string;
  metrics?: SlackAdapterMetrics;
  clock?: Clock;
  ackDeadlineMs?: number;
  /** How long a users.info look-up (cache included) may take before the request goes on without it. */
  directoryTimeoutMs?: number;
}

/** The types the Slack adapter is wired with (see ChatWiring in core). */
export interface SlackWiring {
  app: Express;
  handler: InteractionHandler;
  redis: Pick<Redis, 'get' | 'set'>;
  metrics: SlackAdapterMetrics;
}

/** Test and tuning knobs of the Slack adapter, beyond the dependencies every platform shares. */
export type SlackAdapterOverrides = Pick<SlackAdapterOptions, 'ackDeadlineMs' | 'directoryTimeoutMs'>;

/**
 * The Slack ChatAdapter. `mount`, HTTP mode: adds POST /slack/events (signature-checked over the raw
 * body) to the shared app; Socket Mode: adds nothing. `start`, Socket Mode: opens the connection;
 * HTTP mode: only identifies the bot (auth.test).
 */
export interface SlackAdapter extends ChatAdapter<SlackWiring> {
  readonly platform: 'slack';
  /** 'socket' when config.appToken is set. */
  readonly mode: 'http' | 'socket';
}

function httpReceiver(config: SlackConfig, logger: BoltLogger): ExpressReceiver {
  return new ExpressReceiver({
    signingSecret: config.signingSecret,
    endpoints: SLACK_EVENTS_PATH,
    // Our own router, mounted later onto the shared server; the receiver's private express app stays unused.
    router: Router(),
    // Ack as soon as ack() is called: button clicks then post their answers after the HTTP 200.
    processBeforeResponse: false,
    // The route reads the body through the server's limit first (rawBodyWithin, kept as req.rawBody,
    // which Bolt then reuses); the same limit here covers the route if it is ever mounted without it.
    bodyLimit: MAX_BODY_BYTES,
    logger,
  });
}

/** SLACK_ALLOWED_TEAMS, else the bot token's own workspace and Grid org once auth.test has named them. */
function allowedOrganisations(
  config: SlackConfig,
  identity: BotIdentity,
): () => ReadonlySet<string> | undefined {
  const configured = config.allowedTeams ? new Set(config.allowedTeams) : undefined;
  let learned: ReadonlySet<string> | undefined;
  return () => {
    if (configured) return configured;
    if (learned) return learned;
    const workspace = identity.workspace();
    if (!workspace) return undefined;
    learned = new Set(
      [workspace.teamId, workspace.enterpriseId].filter((id): id is string => id !== undefined),
    );
    return learned;
  };
}

export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { config } = options;
  const logger = options.logger.child({ component: 'slack' });
  const boltLogger = createBoltLogger(logger, [config.botToken, config.signingSecret, config.appToken ?? '']);
  const client = createSlackWebClient(config, boltLogger);
  const reply = createSlackReply(client, logger, responseUrlGuard(config.apiUrl));
  const identity = createBotIdentity(client, config.botToken, logger);
  const mode = config.appToken ? 'socket' : 'http';
  const receiver = mode === 'http' ? httpReceiver(config, boltLogger) : undefined;
  const clientOptions = slackClientOptions(config, boltLogger);
  const app = receiver
    ? new App({
        receiver,
        authorize: identity.authorize,
        logger: boltLogger,
        clientOptions,
        convoStore: false,
      })
    : new App({
        socketMode: true,
        appToken: config.appToken,
        authorize: identity.authorize,
        logger: boltLogger,
        clientOptions,
        convoStore: false,
      });

  const clock = options.clock ?? systemClock;
  const { metrics } = options;
  const directory = createSlackDirectory({
    client,
    redis: options.redis,
    prefix: options.prefix,
    logger,
    timeoutMs: options.directoryTimeoutMs,
    onLookup: (outcome) => metrics?.identityLookupsTotal.inc({ platform: 'slack', outcome }),
  });
  const deps: ListenerDeps = {
    handler: options.handler,
    reply,
    logger,
    directory,
    clock,
    ackDeadlineMs: options.ackDeadlineMs ?? DEFAULT_ACK_DEADLINE_MS,
  };
  // Global middleware runs before every listener: nothing from another organisation gets parsed.
  app.use(
    createWorkspaceGate({
      allowed: allowedOrganisations(config, identity),
      refresh: () => void identity.identify(),
      logger,
      clock,
      onForeignRefusal: (kind) => metrics?.foreignRefusalsTotal.inc({ platform: 'slack', kind }),
    }),
  );
  registerCommandListener(app, deps);
  registerActionListener(app, deps);
  registerFormListener(app, deps);
  registerEventListener(app, logger);
  app.error(async (error) => {
    logger.error({ err: error }, 'slack listener failed');
    return Promise.resolve();
  });

  return {
    platform: 'slack',
    mode,
    reply,
    mount(server: Express): void {
      if (!receiver) return logger.info('slack uses Socket Mode; no HTTP route mounted');
      // Each request's id is given before Bolt reads it, so Bolt's own lines (signature check, client
      // set-up) carry it too; the request's interaction then takes this id (see interactions.ts).
      const correlate: RequestHandler = (_req, _res, next) => withCorrelation(randomUUID(), next);
      // The body is read through the server's one size limit before Bolt checks its signature.
      server.post(SLACK_EVENTS_PATH, correlate, ...rawBodyWithin(MAX_BODY_BYTES));
      server.use(receiver.router);
      void identity.identify();
    },
    async start(): Promise<void> {
      if (receiver) return identity.identify();
      await app.start();
      logger.info('slack socket mode connected');
    },
    async stop(): Promise<void> {
      if (!receiver) await app.stop();
    },
  };
}

/**
 * The Slack adapter as the runtime builds it: the full front door when given a handler; without one
 * (a worker-only process) only the Reply the worker posts through, with no Bolt app, no Socket Mode
 * connection and no route.
 */
export function slackAdapterFactory(
  config: SlackConfig,
  overrides: SlackAdapterOverrides = {},
): ChatAdapterFactory<SlackWiring> {
  return (deps) => {
    const { handler, logger, redis, prefix, metrics, clock } = deps;
    if (handler) {
      return Promise.resolve(
        createSlackAdapter({
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
    return Promise.resolve(createSlackReplyOnly(config, logger));
  };
}

function createSlackReplyOnly(config: SlackConfig, parent: Logger): SlackAdapter {
  const logger = parent.child({ component: 'slack' });
  const client = createSlackWebClient(
    config,
    createBoltLogger(logger, [config.botToken, config.signingSecret, config.appToken ?? '']),
  );
  return {
    platform: 'slack',
    mode: config.appToken ? 'socket' : 'http',
    reply: createSlackReply(client, logger, responseUrlGuard(config.apiUrl)),
    mount(): void {
      throw new Error('the Slack adapter of a worker-only process has no handler: it mounts no route');
    },
    start: () => Promise.resolve(),
    stop: () => Promise.resolve(),
  };
}
