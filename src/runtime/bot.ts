// Starts the bot for a given configuration: the HTTP server for every role, the chat front doors
// for web/all, the BullMQ workers for worker/all. main.ts, the demo and end-to-end tests use it.
import type { Express } from 'express';
import type { Redis } from 'ioredis';
import { createAuditTrail, type AuditTrail } from '../audit/index.js';
import { createApprovalStore } from '../authz/index.js';
import {
  createAlertCardActions,
  createCardActions,
  createDispatcher,
  createDoorkeeper,
  createMachineCardCommands,
  createSubscriptionCommands,
  createUserContextCommands,
  mountHuntDownloads,
  mountSignInRoutes,
  type InteractionHandler,
} from '../app/index.js';
import {
  createBoltLogger,
  createSlackDirectory,
  createSlackWebClient,
  slackAdapterFactory,
} from '../chat/slack/index.js';
import { APPROVABLE_VERBS } from '../commands/index.js';
import { ConfigError, approvalActionProblems } from '../config/index.js';
import type { Config } from '../config/types.js';
import type { ChatAdapter, ChatAdapterFactory } from '../core/chat-adapter.js';
import type { Clock } from '../core/clock.js';
import type { Platform, Reply } from '../core/interaction.js';
import type { Logger } from '../core/logger.js';
import {
  createAlertInfoStore,
  createHuntCsvLinks,
  createPickStore,
  createQueues,
  createSubscriptionStore,
} from '../jobs/index.js';
import {
  createMetricsRegistry,
  registry as processRegistry,
  metrics as processMetrics,
  type Metrics,
  type Registry,
} from '../metrics/index.js';
import { createHttpServer } from '../server.js';
import { registerQueueDepths } from './queue-metrics.js';
import { closeRedis, producerConnection, workerConnection } from './redis.js';
import {
  createIdentityCheck,
  createSignInFlow,
  createSignInStateStore,
  createUserTokenStore,
  type ChatEmailLookup,
} from '../identity/index.js';
import { buildUserSessions, startWorkers, type WorkerOptions } from './worker.js';

export interface StartBotOptions {
  config: Config;
  logger: Logger;
  /** A private metrics registry (tests run several bots in one process). */
  isolatedMetrics?: boolean;
  /** Worker tuning for tests and benchmarks. */
  worker?: Pick<
    WorkerOptions,
    'lifecycle' | 'budgets' | 'concurrency' | 'lockDurationMs' | 'stalledIntervalMs' | 'alerts'
  >;
  /** Clock of approval expiry (tests move time forward instead of waiting an hour). */
  clock?: Clock;
  /** Extra routes (the playground in demo mode). */
  mountExtraRoutes?: (app: Express) => void;
}

export interface RunningBot {
  port: number;
  url: string;
  /** The metrics listener's port when METRICS_PORT moved /metrics off the chat port. */
  metricsPort: number | undefined;
  close(): Promise<void>;
}

/** How this process wires the ChatAdapter port: express routes, the dispatcher, ioredis, prom-client. */
interface BotWiring {
  app: Express;
  handler: InteractionHandler;
  redis: Redis;
  metrics: Metrics;
}

/**
 * The chat platforms this configuration turns on, in start order. Teams' module is imported only
 * when Teams is on: botbuilder holds about 35 MB a Slack-only bot never needs.
 */
function configuredChatAdapters(config: Config): ChatAdapterFactory<BotWiring>[] {
  const factories: ChatAdapterFactory<BotWiring>[] = [];
  if (config.slack) factories.push(slackAdapterFactory(config.slack));
  if (config.teams.appId || config.teams.allowUnauthenticated) {
    const { teams } = config;
    factories.push(async (deps) => {
      const { teamsAdapterFactory } = await import('../chat/teams/index.js');
      return teamsAdapterFactory(teams)(deps);
    });
  }
  return factories;
}

interface Closeable {
  name: string;
  close(): Promise<void>;
}

export async function startBot(options: StartBotOptions): Promise<RunningBot> {
  const { config, logger } = options;
  // However the config was loaded: approvals.actions names only verbs the registry declares approvable.
  const approvalProblems = approvalActionProblems(config.rbac, APPROVABLE_VERBS, config.rbacFile);
  if (approvalProblems.length > 0) throw new ConfigError(approvalProblems);
  const { registry, metrics }: { registry: Registry; metrics: Metrics } = options.isolatedMetrics
    ? createMetricsRegistry()
    : { registry: processRegistry, metrics: processMetrics };
  const services: Closeable[] = [];
  const close = async () => {
    for (const service of [...services].reverse()) {
      await service
        .close()
        .catch((err: unknown) => logger.error({ err, service: service.name }, 'close failed'));
    }
  };

  try {
    const producer = producerConnection(config.redisUrl, logger);
    services.push({ name: 'redis', close: () => closeRedis(producer) });
    const queues = createQueues(producer, config.queuePrefix, (err) =>
      logger.warn({ err, component: 'queue' }, 'queue connection error'),
    );
    services.push({ name: 'queues', close: () => queues.close() });
    registerQueueDepths(registry, { defender: queues.defender, notify: queues.notify }, logger);
    const audit = createAuditTrail({ redis: producer, prefix: config.queuePrefix, logger });
    const approvals = createApprovalStore({
      redis: producer,
      prefix: config.queuePrefix,
      ttlMinutes: config.rbac.approvals.ttlMinutes,
      ...(options.clock ? { clock: options.clock } : {}),
    });

    const isWeb = config.role !== 'worker';
    const isWorker = config.role !== 'web';
    const signIn = isWeb ? buildSignIn(options, producer, audit, metrics) : undefined;
    // A worker-only process builds no handler: its adapters are only the Replies the workers post through.
    let handler: InteractionHandler | undefined;
    if (isWeb) {
      handler = createDispatcher({
        rbac: config.rbac,
        defenderQueue: queues.defender,
        audit,
        logger,
        picks: createPickStore(producer, config.queuePrefix),
        cardActions: {
          ...createCardActions({
            rbac: config.rbac,
            approvals,
            defenderQueue: queues.defender,
            audit,
            logger,
            onApproval: (outcome) => metrics.approvalsTotal.inc({ outcome }),
          }),
          ...createAlertCardActions({
            rbac: config.rbac,
            alertInfo: createAlertInfoStore(producer, config.queuePrefix),
            defenderQueue: queues.defender,
            audit,
            logger,
          }),
        },
        cardCommands: createMachineCardCommands({ rbac: config.rbac }),
        subscriptions: createSubscriptionCommands({
          store: createSubscriptionStore(producer, config.queuePrefix),
          audit,
        }),
        ...(signIn ? { userContext: signIn.commands } : {}),
        doorkeeper: createDoorkeeper(producer, config.queuePrefix, config.commandRatePerMinute),
        onRedelivery: (platform) => metrics.redeliveriesTotal.inc({ platform }),
        onRateLimited: (platform) => metrics.commandsRateLimitedTotal.inc({ platform }),
        onCommand: (verb, outcome) => {
          metrics.commandsTotal.inc({ verb, outcome });
          if (outcome === 'deny') metrics.authzDenialsTotal.inc({ verb });
        },
      });
    }

    // Each configured platform through the one port: built, started (stopped in reverse order on close),
    // its Reply handed to the workers and, in web/all roles, its routes mounted on the shared server.
    const adapters: ChatAdapter<BotWiring>[] = [];
    for (const factory of configuredChatAdapters(config)) {
      const adapter = await factory({
        ...(handler ? { handler } : {}),
        logger,
        redis: producer,
        prefix: config.queuePrefix,
        metrics,
      });
      await adapter.start();
      services.push({ name: adapter.platform, close: () => adapter.stop() });
      adapters.push(adapter);
    }

    if (isWorker) {
      const replies: Partial<Record<Platform, Reply>> = {};
      for (const adapter of adapters) replies[adapter.platform] = adapter.reply;
      const connection = workerConnection(config.redisUrl, logger);
      services.push({ name: 'worker-redis', close: () => closeRedis(connection) });
      const workers = startWorkers(
        { config, logger, connection, queues, approvals, audit, replies, metrics, ...options.worker },
        producer,
      );
      services.push({ name: 'workers', close: () => workers.close() });
    }

    const http = createHttpServer({
      config,
      logger,
      redis: producer,
      registry,
      ...(isWeb
        ? {
            mountChatRoutes: (app: Express) => {
              for (const adapter of adapters) adapter.mount(app);
              signIn?.mount(app);
              mountHuntCsvRoute(app, config, logger, producer);
              options.mountExtraRoutes?.(app);
            },
          }
        : {}),
    });
    // Every role serves /metrics; http.close() also closes its own listener when METRICS_PORT gave it one.
    const { port, metricsPort } = await http.listen();
    services.push({ name: 'http', close: () => http.close() });
    const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
    return { port, url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, metricsPort, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Teams' hunt CSV links: served where there is a public URL and an app registration to sign in with. */
function mountHuntCsvRoute(app: Express, config: Config, logger: Logger, producer: Redis): void {
  if (!config.publicUrl || !config.azure) return;
  mountHuntDownloads(app, {
    links: createHuntCsvLinks({ redis: producer, prefix: config.queuePrefix, publicUrl: config.publicUrl }),
    check: createIdentityCheck({
      azure: config.azure,
      logger: logger.child({ component: 'hunt-downloads' }),
      redis: producer,
      prefix: config.queuePrefix,
    }),
    publicUrl: config.publicUrl,
    logger: logger.child({ component: 'hunt-downloads' }),
  });
}

/** Sign-in for user context, when the bot has an app registration, a public URL and an encryption key. */
function buildSignIn(options: StartBotOptions, producer: Redis, audit: AuditTrail, metrics: Metrics) {
  const { config, logger } = options;
  const sessions = buildUserSessions({ config, logger, metrics }, producer);
  if (!sessions || !config.azure || !config.publicUrl || !config.tokenEncryptionKey) return undefined;
  const slackClient = config.slack
    ? createSlackWebClient(config.slack, createBoltLogger(logger, [config.slack.botToken]))
    : undefined;
  // The adapter's cached users.info look-up (same keys); a browser waits longer than Slack's ack.
  const directory = slackClient
    ? createSlackDirectory({
        client: slackClient,
        redis: producer,
        prefix: config.queuePrefix,
        logger,
        timeoutMs: 5_000,
      })
    : undefined;
  const emailOf: ChatEmailLookup = async (user) => {
    if (user.platform !== 'slack' || !directory) return undefined;
    const answer = await directory.lookup(user.id);
    return answer.ok ? answer.email : undefined;
  };
  const flow = createSignInFlow({
    azure: config.azure,
    logger: logger.child({ component: 'signin' }),
    publicUrl: config.publicUrl,
    defenderScope: config.defenderScope,
    // Hunting is on (HUNTS_FILE): the sign-in also consents to Graph's delegated hunting scope.
    ...(config.huntsFile ? { graphScope: config.graphScope } : {}),
    states: createSignInStateStore({
      redis: producer,
      prefix: config.queuePrefix,
      ...(options.clock ? { clock: options.clock } : {}),
    }),
    tokens: createUserTokenStore({
      redis: producer,
      prefix: config.queuePrefix,
      key: config.tokenEncryptionKey,
    }),
    emailOf,
  });
  return {
    commands: createUserContextCommands({ mode: config.rbac.userContext, flow, sessions }),
    mount: (app: Express) => mountSignInRoutes(app, { flow, audit, logger }),
  };
}
