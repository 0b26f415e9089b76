// The correlation id each job runs under: the interaction's that caused it, carried in the job data,
// so chat event -> MDE call -> card update reads as one id in the logs, across processes.
import type { Job } from 'bullmq';
import { withCorrelation } from '../core/correlation.js';
import type { AlertsJob, DefenderJob, NotifyJob } from './types.js';

type JobLike<T> = Pick<Job<T>, 'id' | 'data'>;

export function defenderJobCorrelationId(job: JobLike<DefenderJob>): string {
  const { data } = job;
  if (data.kind === 'approval-redrive' || data.kind === 'approved-request') return data.correlationId;
  if (data.kind !== 'approval-expiry') return data.requester.correlationId;
  // Expiry jobs queued before they carried the request's id fall back to their own job id.
  return data.correlationId ?? job.id ?? `expiry-${data.approvalId}`;
}

export function notifyJobCorrelationId(job: JobLike<NotifyJob>): string {
  return job.data.correlationId;
}

/** A poll belongs to no interaction: the scheduler's job id names it. */
export function alertPollCorrelationId(job: JobLike<AlertsJob>): string {
  return job.id ?? 'alert-poll';
}

/** The processor, running each job (and everything it logs) under `idOf(job)`. */
export function correlated<J, A extends unknown[], R>(
  idOf: (job: J) => string,
  processor: (job: J, ...rest: A) => Promise<R>,
) {
  return (job: J, ...rest: A): Promise<R> => withCorrelation(idOf(job), () => processor(job, ...rest));
}
