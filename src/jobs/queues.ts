// The bot's BullMQ queues on one Redis, all under QUEUE_PREFIX (BullMQ's `prefix`).
import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { QUEUE_NAMES, type DefenderJob, type MachineActionJob, type NotifyJob } from './types.js';

export interface BotQueues {
  defender: Queue<DefenderJob>;
  notify: Queue<NotifyJob>;
  close(): Promise<void>;
}

/** Retries for work the user is waiting on: quick first retries, then backing off (with jitter). */
export const DEFENDER_JOB_OPTIONS: JobsOptions = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** Chat posts retry longer: a chat outage must not lose a result. */
export const NOTIFY_JOB_OPTIONS: JobsOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/**
 * `onError` receives connection errors (a Redis outage): without a listener BullMQ prints raw stack
 * traces outside our logger.
 */
export function createQueues(
  connection: ConnectionOptions,
  prefix: string,
  onError?: (error: Error) => void,
): BotQueues {
  const defender = new Queue<DefenderJob>(QUEUE_NAMES.defender, {
    connection,
    prefix,
    defaultJobOptions: DEFENDER_JOB_OPTIONS,
  });
  const notify = new Queue<NotifyJob>(QUEUE_NAMES.notify, {
    connection,
    prefix,
    defaultJobOptions: NOTIFY_JOB_OPTIONS,
  });
  const report = onError ?? (() => undefined);
  defender.on('error', report);
  notify.on('error', report);
  return {
    defender,
    notify,
    async close() {
      await Promise.all([defender.close(), notify.close()]);
    },
  };
}

/**
 * Queues a machine action that is ready to run (its card is up, or it was approved) under a
 * deterministic id, so a re-run caller cannot start it twice. lifo: it goes ahead of requests still
 * waiting to be looked up, so a burst of commands does not hold back the actions it already started.
 */
export function enqueueMachineAction(
  queue: Pick<Queue<DefenderJob>, 'add'>,
  job: MachineActionJob,
  jobId: string,
): Promise<unknown> {
  return queue.add('machine-action', job, { jobId, lifo: true });
}
