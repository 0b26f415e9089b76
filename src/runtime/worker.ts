// The worker role: the BullMQ workers that call MDE (defender) and post to chat (notify).
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AuditTrail } from '../audit/index.js';
import type { ApprovalStore } from '../authz/index.js';
import { indicatorSettings } from '../config/index.js';
import type { AzureConfig, Config } from '../config/types.js';
import type { AccessTokenSource } from '../core/tokens.js';
import type { Platform, Reply } from '../core/interaction.js';
import type { Logger } from '../core/logger.js';
import {
  createDefenderClient,
  createGraphHuntingClient,
  type DefenderClient,
  type RateBudget,
  type RateFamily,
} from '../defender/index.js';
import {
  AppTokenProvider,
  createUserSessions,
  createUserTokenStore,
  type UserSessions,
} from '../identity/index.js';
import { runDoctorOn } from '../doctor/index.js';
import {
  QUEUE_NAMES,
  ThrottleGate,
  alertPollCorrelationId,
  createActionFollows,
  createLiveSessions,
  createClientChooser,
  createHuntCsvLinks,
  createHuntingPorts,
  createDefenderProcessor,
  createNotifyProcessor,
  createPickStore,
  createAlertCardIndex,
  createAlertCards,
  createAlertInfoStore,
  createSentStore,
  createSubscriptionStore,
  defenderJobCorrelationId,
  notifyJobCorrelationId,
  refusingAppTokens,
  startAlertPoller,
  type AlertPollTuning,
  type BotQueues,
  type DefenderJob,
  type HuntingFor,
  type LifecycleOptions,
  type NotifyJob,
} from '../jobs/index.js';
import { createEditVersions } from './edit-versions.js';
import type { Metrics } from '../metrics/index.js';

/** Budget waits up to this long are slept in the job; longer ones park it as a delayed job. */
const MAX_IN_JOB_BUDGET_WAIT_MS = 250;
const MAX_STALLS = 5;
/**
 * Defender jobs spend nearly all their time waiting on MDE or Redis, and when a rate window opens a
 * whole window's worth of waiting jobs should go out together: slots are cheap, waiting is not.
 */
const DEFENDER_CONCURRENCY = 32;

export interface WorkerOptions {
  config: Config;
  logger: Logger;
  connection: Redis;
  queues: BotQueues;
  approvals: ApprovalStore;
  audit: AuditTrail;
  replies: Partial<Record<Platform, Reply>>;
  metrics: Metrics;
  /** Tuning for tests and benchmarks. */
  lifecycle?: Partial<LifecycleOptions>;
  budgets?: Partial<Record<RateFamily, RateBudget>>;
  concurrency?: { defender?: number; notify?: number };
  /** Worker lock/stall settings (tests of crash recovery shorten them). */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** Alert poller tuning for tests and benchmarks (overlap, channel spacing, crash hooks). */
  alerts?: AlertPollTuning;
}

export interface RunningWorkers {
  defender: DefenderClient | undefined;
  close(): Promise<void>;
}

/**
 * The app's token source for one resource (MDE, Graph). userContext: required never falls back to the
 * app: its app token source refuses outright.
 */
function appTokens(options: WorkerOptions, azure: AzureConfig, scope: string): AccessTokenSource {
  const { config, logger, metrics } = options;
  if (config.rbac.userContext === 'required') return refusingAppTokens();
  return new AppTokenProvider({
    azure,
    scope,
    logger,
    onAcquire: ({ fromCache }) => {
      if (!fromCache) metrics.tokenAcquisitionsTotal.inc({ context: 'app' });
    },
  });
}

/** Signed, expiring download links for one Entra account (hunt CSVs, run output); none without PUBLIC_URL. */
function downloadLinks(config: WorkerOptions['config'], producer: Redis) {
  return config.publicUrl
    ? createHuntCsvLinks({ redis: producer, prefix: config.queuePrefix, publicUrl: config.publicUrl })
    : undefined;
}

export function buildDefenderClient(options: WorkerOptions, producer: Redis): DefenderClient | undefined {
  const { config, logger, metrics } = options;
  if (!config.azure) return undefined;
  const tokens = appTokens(options, config.azure, config.defenderScope);
  return createDefenderClient({
    baseUrl: config.defenderApiUrl,
    tokens,
    redis: producer,
    prefix: config.queuePrefix,
    ...(options.budgets ? { budgets: options.budgets } : {}),
    // Only a blink of a wait for budget happens inside a job: a job sleeping holds one of the
    // worker's slots, which other jobs (other APIs with budget to spare, status polls) need. Longer
    // waits make the job a delayed job that comes back when the budget frees up.
    maxBudgetWaitMs: MAX_IN_JOB_BUDGET_WAIT_MS,
    logger: logger.child({ component: 'defender' }),
    observe: ({ endpoint, status, durationMs }) => {
      metrics.mdeRequestsTotal.inc({ endpoint, status: status === 0 ? 'network' : String(status) });
      metrics.mdeRequestDuration.observe({ endpoint }, durationMs / 1000);
      if (status === 429) metrics.mdeThrottledTotal.inc({ endpoint });
    },
  });
}

/** Signed-in users' sessions, when this bot can sign users in (app registration + encryption key). */
export function buildUserSessions(
  options: Pick<WorkerOptions, 'config' | 'logger' | 'metrics'>,
  producer: Redis,
): UserSessions | undefined {
  const { config, logger, metrics } = options;
  if (!config.azure || !config.tokenEncryptionKey || config.rbac.userContext === 'off') return undefined;
  return createUserSessions({
    azure: config.azure,
    logger,
    store: createUserTokenStore({
      redis: producer,
      prefix: config.queuePrefix,
      key: config.tokenEncryptionKey,
    }),
    defenderScope: config.defenderScope,
    // Hunting is on (HUNTS_FILE): the user's Graph token is a second resource from the same cache.
    ...(config.huntsFile ? { graphScope: config.graphScope } : {}),
    onAcquire: ({ fromCache }) => {
      if (!fromCache) metrics.tokenAcquisitionsTotal.inc({ context: 'user' });
    },
  });
}

/** Advanced hunting through Microsoft Graph: its own token scope, Graph's budget, CSV delivery. */
export function buildHunting(
  options: WorkerOptions,
  producer: Redis,
  sessions: UserSessions | undefined,
  links = downloadLinks(options.config, producer),
): HuntingFor | undefined {
  const { config, logger, metrics } = options;
  if (!config.azure) return undefined;
  const tokens = appTokens(options, config.azure, config.graphScope);
  const graph = createGraphHuntingClient(
    {
      baseUrl: config.graphApiUrl,
      redis: producer,
      prefix: config.queuePrefix,
      maxBudgetWaitMs: MAX_IN_JOB_BUDGET_WAIT_MS,
      logger: logger.child({ component: 'graph-hunting' }),
      observe: ({ endpoint, status, durationMs }) => {
        metrics.mdeRequestsTotal.inc({ endpoint, status: status === 0 ? 'network' : String(status) });
        metrics.mdeRequestDuration.observe({ endpoint }, durationMs / 1000);
        if (status === 429) metrics.mdeThrottledTotal.inc({ endpoint });
      },
    },
    tokens,
  );
  return createHuntingPorts({
    graph,
    hunts: config.hunts,
    rbac: config.rbac,
    sessions,
    notify: options.queues.notify,
    links,
    audit: options.audit,
  });
}

export function startWorkers(options: WorkerOptions, producer: Redis): RunningWorkers {
  const { config, logger, metrics } = options;
  const defender = buildDefenderClient(options, producer);
  const sessions = buildUserSessions(options, producer);
  const clientFor = defender
    ? createClientChooser({
        app: defender,
        mode: config.rbac.userContext,
        sessions,
      })
    : undefined;
  const links = downloadLinks(config, producer);
  const hunting = buildHunting(options, producer, sessions, links);
  const workers: Worker[] = [];
  const closers: (() => Promise<void>)[] = [];
  const common = {
    connection: options.connection,
    prefix: config.queuePrefix,
    ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs } : {}),
    ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
    // A job that stalls too often is failed by BullMQ without running our code, so nobody would be
    // told. Every processor here is safe to re-run (action ids are recorded, posts are found again),
    // so a Redis restart or a worker crash may stall a job several times before it is given up.
    maxStalledCount: MAX_STALLS,
  };

  const sentAlerts = createSentStore(producer, config.queuePrefix);
  const alertCardIndex = createAlertCardIndex(producer, config.queuePrefix);
  if (defender) {
    const processor = createDefenderProcessor(
      {
        defender,
        notify: options.queues.notify,
        defenderQueue: options.queues.defender,
        approvals: options.approvals,
        approvalTtlMs: config.rbac.approvals.ttlMinutes * 60_000,
        indicators: indicatorSettings(config),
        liveResponseScripts: config.rbac.liveResponse?.scripts ?? [],
        audit: options.audit,
        logger: logger.child({ component: 'defender-worker' }),
        ...(options.lifecycle ? { lifecycle: options.lifecycle } : {}),
        ...(clientFor ? { clientFor } : {}),
        ...(hunting ? { hunting } : {}),
        follows: createActionFollows(producer, config.queuePrefix),
        liveSessions: createLiveSessions(producer, config.queuePrefix),
        doctor: () => runDoctorOn(config),
        picks: createPickStore(producer, config.queuePrefix),
        ...(links ? { outputLinks: links } : {}),
        alertCards: createAlertCards({
          index: alertCardIndex,
          notify: options.queues.notify,
          sent: sentAlerts,
          subscriptions: createSubscriptionStore(producer, config.queuePrefix),
          info: createAlertInfoStore(producer, config.queuePrefix),
          logger: logger.child({ component: 'alert-cards' }),
        }),
      },
      new ThrottleGate(),
    );
    const defenderWorker = new Worker<DefenderJob>(QUEUE_NAMES.defender, processor, {
      ...common,
      concurrency: options.concurrency?.defender ?? DEFENDER_CONCURRENCY,
    });
    workers.push(observe(defenderWorker, 'defender', metrics, logger, defenderJobCorrelationId));
    if (config.rbac.userContext === 'required') {
      // The poller acts for nobody in particular, so it would need the app token that `required` forbids.
      logger.warn(
        'userContext: required: alert notifications need application context, so this worker polls no alerts',
      );
    } else {
      const poller = startAlertPoller({
        connection: options.connection,
        producer,
        prefix: config.queuePrefix,
        defender,
        notify: options.queues.notify,
        logger: logger.child({ component: 'alert-poller' }),
        pollSeconds: config.alertPollSeconds,
        digestThreshold: config.alertDigestThreshold,
        ...(options.alerts ? { tuning: options.alerts } : {}),
        workerSettings: {
          ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs } : {}),
          ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
        },
      });
      workers.push(observe(poller.worker, 'alerts', metrics, logger, alertPollCorrelationId));
      closers.push(() => poller.queue.close());
    }
  } else {
    logger.warn('AZURE_* is not configured: this worker runs no Defender jobs');
  }

  const notifyProcessor = createNotifyProcessor(
    {
      replies: options.replies,
      logger: logger.child({ component: 'notify-worker' }),
      attachApprovalMessage: (id, ref) => options.approvals.attachMessage(id, ref),
      attachAlertMessage: async (then, ref) => {
        await sentAlerts.attach(then.subscriptionKey, then.alertId, ref, then.shown);
        await alertCardIndex.add(then.alertId, ref);
      },
      attachAlertCard: (alertId, ref) => alertCardIndex.add(alertId, ref),
      defenderQueue: options.queues.defender,
      claimEditVersion: createEditVersions(producer, config.queuePrefix),
      onSent: (platform, outcome) =>
        metrics.notificationsTotal.inc({ platform, outcome: outcome === 'ok' ? 'sent' : 'failed' }),
    },
    new ThrottleGate(),
  );
  const notifyWorker = new Worker<NotifyJob>(QUEUE_NAMES.notify, notifyProcessor, {
    ...common,
    concurrency: options.concurrency?.notify ?? 8,
  });
  workers.push(observe(notifyWorker, 'notify', metrics, logger, notifyJobCorrelationId));

  return {
    defender,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all(closers.map((close) => close()));
    },
  };
}

function observe<D, T extends Worker<D>>(
  worker: T,
  queue: string,
  metrics: Metrics,
  logger: Logger,
  correlationOf: (job: Job<D>) => string,
): T {
  worker.on('completed', (job: Job) => {
    metrics.jobsTotal.inc({ queue, outcome: 'completed' });
    if (job.processedOn && job.finishedOn)
      metrics.jobDuration.observe({ queue }, (job.finishedOn - job.processedOn) / 1000);
  });
  worker.on('failed', (job: Job<D> | undefined, err: Error) => {
    metrics.jobsTotal.inc({ queue, outcome: 'failed' });
    // BullMQ emits this after the processor's context has ended, so the job's id is named here.
    const correlationId = job ? correlationOf(job) : undefined;
    logger.warn(
      { queue, job: job?.id, correlationId, attempts: job?.attemptsMade, reason: err.message },
      'job attempt failed',
    );
  });
  worker.on('error', (err: Error) => logger.error({ err, queue }, 'worker error'));
  return worker;
}
