// The Slack front door: a Bolt app on the shared express server (HTTP mode, /slack/events) or on a
// Socket Mode connection, turning verified requests into Interactions for the core's handler.
import { randomUUID } from 'node:crypto';
import { App, ExpressReceiver, type Logger as BoltLogger } from '@slack/bolt';
import { Router, type Express } from 'express';
import type { InteractionHandler } from '../../app/types.js';
import type { SlackConfig } from '../../config/types.js';
import { withCorrelation, type Logger, type Reply } from '../../core/index.js';
import { registerActionListener } from './action-listener.js';
import { createBotIdentity } from './authorize.js';
import { registerCommandListener } from './command-listener.js';
import type { ListenerDeps } from './deps.js';
import { registerEventListener } from './event-listener.js';
import { createBoltLogger } from './log-bridge.js';
import { createSlackReply } from './reply.js';
import { createSlackWebClient, slackClientOptions } from './web-client.js';

export const SLACK_EVENTS_PATH = '/slack/events';
/** Slack drops a request not acked within 3 s; leave room for the network. */
const DEFAULT_ACK_DEADLINE_MS = 2_500;

export interface SlackAdapterOptions {
  config: SlackConfig;
  handler: InteractionHandler;
  logger: Logger;
  clock?: () => number;
  ackDeadlineMs?: number;
}

export interface SlackAdapter {
  /** 'socket' when config.appToken is set. */
  readonly mode: 'http' | 'socket';
  readonly reply: Reply;
  /** HTTP mode: adds POST /slack/events (signature-checked over the raw body) to the shared app. */
  mount(app: Express): void;
  /** Socket Mode: opens the connection. HTTP mode: only identifies the bot (auth.test). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

function httpReceiver(config: SlackConfig, logger: BoltLogger): ExpressReceiver {
  return new ExpressReceiver({
    signingSecret: config.signingSecret,
    endpoints: SLACK_EVENTS_PATH,
    // Our own router, mounted later onto the shared server; the receiver's private express app stays unused.
    router: Router(),
    // Ack as soon as ack() is called: button clicks then post their answers after the HTTP 200.
    processBeforeResponse: false,
    logger,
  });
}

export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { config } = options;
  const logger = options.logger.child({ component: 'slack' });
  const boltLogger = createBoltLogger(logger, [config.botToken, config.signingSecret, config.appToken ?? '']);
  const client = createSlackWebClient(config, boltLogger);
  const reply = createSlackReply(client, logger);
  const identity = createBotIdentity(client, config.botToken, logger);
  const mode = config.appToken ? 'socket' : 'http';
  const receiver = mode === 'http' ? httpReceiver(config, boltLogger) : undefined;
  const clientOptions = slackClientOptions(config, boltLogger);
  const app = receiver
    ? new App({ receiver, authorize: identity.authorize, logger: boltLogger, clientOptions, convoStore: false })
    : new App({ socketMode: true, appToken: config.appToken, authorize: identity.authorize, logger: boltLogger, clientOptions, convoStore: false });

  const deps: ListenerDeps = {
    handler: options.handler,
    reply,
    logger,
    clock: options.clock ?? Date.now,
    ackDeadlineMs: options.ackDeadlineMs ?? DEFAULT_ACK_DEADLINE_MS,
  };
  registerCommandListener(app, deps);
  registerActionListener(app, deps);
  registerEventListener(app, logger);
  app.error(async (error) => {
    logger.error({ err: error }, 'slack listener failed');
    return Promise.resolve();
  });

  return {
    mode,
    reply,
    mount(server: Express): void {
      if (!receiver) return logger.info('slack uses Socket Mode; no HTTP route mounted');
      // Each request's id is given before Bolt reads it, so Bolt's own lines (signature check, client
      // set-up) carry it too; the request's interaction then takes this id (see interactions.ts).
      server.post(SLACK_EVENTS_PATH, (_req, _res, next) => withCorrelation(randomUUID(), next));
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
