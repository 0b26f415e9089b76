// Starts the alert poller in a worker process: the alerts queue, its scheduler and one Worker that
// runs polls one at a time (other processes' workers take turns; BullMQ hands each poll to one).
import { Worker, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../../core/logger.js';
import type { DefenderClient } from '../../defender/index.js';
import { QUEUE_NAMES, type AlertsJob, type NotifyJob } from '../types.js';
import { createPollCursor } from './cursor.js';
import { DEFAULT_ALERT_POLL, type AlertPollDeps, type AlertPollOptions } from './poll.js';
import { createAlertPollProcessor, createAlertsQueue, scheduleAlertPoll } from './queue.js';
import { createAlertCardIndex } from './cards.js';
import { createAlertInfoStore, createSentStore } from './sent.js';
import { createSubscriptionStore } from './subscriptions.js';
import { ThrottleGate } from '../steer.js';

export type AlertPollTuning = Partial<AlertPollOptions> & Pick<AlertPollDeps, 'afterFetch' | 'clock'>;

export interface AlertPollerOptions {
  /** Blocking connection for the Worker (maxRetriesPerRequest: null). */
  connection: Redis;
  /** Ordinary connection for the stores and the queue. */
  producer: Redis;
  prefix: string;
  defender: Pick<DefenderClient, 'listAlerts'>;
  notify: Pick<Queue<NotifyJob>, 'add'>;
  logger: Logger;
  pollSeconds: number;
  digestThreshold: number;
  tuning?: AlertPollTuning;
  workerSettings?: { lockDuration?: number; stalledInterval?: number };
}

export interface AlertPoller {
  worker: Worker<AlertsJob>;
  queue: Queue<AlertsJob>;
  /** Settles once the scheduler is in Redis. */
  scheduled: Promise<void>;
  close(): Promise<void>;
}

export function startAlertPoller(options: AlertPollerOptions): AlertPoller {
  const { producer, prefix, logger } = options;
  const queue = createAlertsQueue(producer, prefix);
  const processor = createAlertPollProcessor(
    {
      ...DEFAULT_ALERT_POLL,
      pollIntervalMs: options.pollSeconds * 1000,
      digestThreshold: options.digestThreshold,
      ...options.tuning,
      defender: options.defender,
      notify: options.notify,
      subscriptions: createSubscriptionStore(producer, prefix),
      sent: createSentStore(producer, prefix),
      info: createAlertInfoStore(producer, prefix),
      cards: createAlertCardIndex(producer, prefix),
      cursor: createPollCursor(producer, prefix),
      logger,
    },
    new ThrottleGate(),
  );
  const worker = new Worker<AlertsJob>(QUEUE_NAMES.alerts, processor, {
    connection: options.connection,
    prefix,
    concurrency: 1,
    ...options.workerSettings,
  });
  const scheduled = scheduleAlertPoll(queue, options.pollSeconds).catch((err: unknown) => {
    logger.error({ err }, 'could not schedule the alert poll; another worker may have');
  });
  return {
    worker,
    queue,
    scheduled,
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
