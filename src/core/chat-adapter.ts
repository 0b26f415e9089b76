// The ChatAdapter port: what every chat platform implements (like bolt-js's Receiver) so that the
// runtime can loop over the configured ones. A new platform, or the Teams SDK replacing botbuilder,
// is one folder that exports a ChatAdapterFactory.
//
// Core names neither the HTTP framework the routes are mounted on, nor the app layer's handler, nor
// the Redis client, nor the metrics registry: those are type parameters (ChatWiring) that the
// adapters and the composition root fill in (Express, InteractionHandler, ioredis, prom-client today).
import type { Clock } from './clock.js';
import type { Platform, Reply } from './interaction.js';
import type { Logger } from './logger.js';

/** The types the port leaves to the composition root. */
export interface ChatWiring {
  /** What `mount` adds routes to (the shared express app). */
  app: unknown;
  /** The core's entry point that the adapter calls with each verified Interaction. */
  handler: unknown;
  /** The Redis connection the adapter caches in (users, conversation references). */
  redis: unknown;
  /** The counters the adapter reports into. */
  metrics: unknown;
}

export interface ChatAdapter<W extends ChatWiring = ChatWiring> {
  readonly platform: Platform;
  /** What the worker posts through for this platform. */
  readonly reply: Reply;
  /**
   * Adds the platform's HTTP routes to the shared server (web and all roles only). An adapter with no
   * route to serve (Slack in Socket Mode) adds none. Throws when the adapter was built without a
   * handler: a worker-only process serves no chat route.
   */
  mount(app: W['app']): void;
  /** Connects or identifies the bot (Slack: auth.test, or the Socket Mode connection). */
  start(): Promise<void>;
  /** Lets go of what `start` opened. */
  stop(): Promise<void>;
}

/** The dependencies every platform shares; each factory closes over its own config and test overrides. */
export interface ChatAdapterDeps<W extends ChatWiring = ChatWiring> {
  /**
   * Absent in a worker-only process: the adapter is then only its Reply (no listener, no connection,
   * no route), so nothing can call into a handler that is not there.
   */
  handler?: W['handler'];
  logger: Logger;
  redis: W['redis'];
  /** Key prefix (QUEUE_PREFIX) of everything the adapter keeps in Redis. */
  prefix: string;
  metrics: W['metrics'];
  /** Epoch ms: Interaction.receivedAt and the pace of refusal log lines. */
  clock?: Clock;
}

/** One platform's constructor, as the runtime calls it. */
export type ChatAdapterFactory<W extends ChatWiring = ChatWiring> = (
  deps: ChatAdapterDeps<W>,
) => Promise<ChatAdapter<W>>;
