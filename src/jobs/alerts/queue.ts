// The alerts queue and its one job scheduler: however many workers run, BullMQ creates exactly one
// poll job per interval, and upserting the scheduler from every worker is harmless.
import { Queue, type ConnectionOptions, type Job } from 'bullmq';
import type { Logger } from '../../core/logger.js';
import { alertPollCorrelationId, correlated } from '../correlation.js';
import { steerFailure, waitOutThrottle, type ThrottleGate } from '../steer.js';
import { QUEUE_NAMES, type AlertsJob } from '../types.js';
import { pollAlerts, type AlertPollDeps, type PollSummary } from './poll.js';

export const ALERT_POLL_SCHEDULER_ID = 'alert-poll';

export function createAlertsQueue(connection: ConnectionOptions, prefix: string): Queue<AlertsJob> {
  return new Queue<AlertsJob>(QUEUE_NAMES.alerts, { connection, prefix });
}

export async function scheduleAlertPoll(
  queue: Pick<Queue<AlertsJob>, 'upsertJobScheduler'>,
  pollSeconds: number,
): Promise<void> {
  await queue.upsertJobScheduler(
    ALERT_POLL_SCHEDULER_ID,
    { every: pollSeconds * 1000 },
    {
      name: 'poll',
      data: { kind: 'poll' },
      // A failed poll retries soon; the scheduler's next poll would pick the same alerts up anyway.
      opts: {
        attempts: 3,
        backoff: { type: 'exponential', delay: 2000 },
        removeOnComplete: { count: 100 },
        removeOnFail: { count: 500 },
      },
    },
  );
}

/** `gate`: MDE's Retry-After after a 429, for this process's polls. */
export function createAlertPollProcessor(deps: AlertPollDeps, gate?: ThrottleGate) {
  const log: Logger = deps.logger;
  return correlated(
    alertPollCorrelationId,
    async (job: Job<AlertsJob>, token?: string): Promise<PollSummary> => {
      await waitOutThrottle(job, gate, token);
      try {
        const summary = await pollAlerts(deps);
        if (summary.fetched > 0) log.info({ job: job.id, ...summary }, 'alert poll');
        return summary;
      } catch (error) {
        return steerFailure(
          error,
          job,
          gate,
          (failure) => {
            // The cursor did not move: the next scheduled poll covers these alerts again.
            log.warn(
              { job: job.id, code: failure.code, reason: failure.message },
              'alert poll failed; the next poll retries',
            );
            return Promise.resolve();
          },
          token,
        );
      }
    },
  );
}
