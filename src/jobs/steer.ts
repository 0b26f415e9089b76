// Lets errors steer BullMQ: throttling delays the job for Retry-After without using up an attempt;
// transient failures retry with backoff; anything else — or the last attempt — gives up, after the
// caller has told the user, so a failure is never silent.
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { systemClock, type Clock } from '../core/clock.js';
import { asBotError, BotError } from '../core/errors.js';

type Delayable = Pick<Job, 'moveToDelayed'>;

/**
 * After MDE or Slack answers 429, every job of that queue in this process waits out Retry-After as a
 * delayed job (no worker slot, no lock, no attempt used) instead of calling again.
 *
 * Why not BullMQ's `worker.rateLimit`: without a queue limiter, jobs finishing while the worker
 * sleeps still fetch the next job, which then sits unprocessed past its lock; the stalled-job check
 * hands it out again and it runs twice (a Slack edit sent twice, in the slack-429 drill).
 */
export class ThrottleGate {
  #until = 0;

  constructor(private readonly clock: Clock = systemClock) {}

  hold(ms: number): void {
    this.#until = Math.max(this.#until, this.clock.now() + ms);
  }

  remainingMs(): number {
    return Math.max(0, this.#until - this.clock.now());
  }
}

/** Run first in a processor: while the gate is held, the job is delayed until it opens. */
export async function waitOutThrottle(
  job: Delayable,
  gate: ThrottleGate | undefined,
  token: string | undefined,
): Promise<void> {
  const remaining = gate?.remainingMs() ?? 0;
  if (remaining === 0 || !token) return;
  await job.moveToDelayed(Date.now() + remaining, token);
  throw new DelayedError();
}

export function isLastAttempt(job: Pick<Job, 'attemptsMade' | 'opts'>): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

/**
 * Re-throws `error` in the form that makes BullMQ do the right thing. `giveUp` runs (and must
 * succeed) before a job is failed for good: it tells the user.
 */
export async function steerFailure(
  error: unknown,
  job: Pick<Job, 'attemptsMade' | 'opts' | 'moveToDelayed'>,
  gate: ThrottleGate | undefined,
  giveUp: (error: BotError) => Promise<void>,
  token: string | undefined,
): Promise<never> {
  if (isLockLost(error)) {
    // The job is no longer ours (its lock expired while Redis was away or the process stalled): the
    // stalled-job check hands it to a worker again. Giving up here would tell the user "Failed"
    // about work that is still going on.
    throw new BotError('UNAVAILABLE', 'This worker lost the job; another attempt takes it over.', {
      cause: error,
    });
  }
  const botError = isStoreOutage(error)
    ? new BotError('UNAVAILABLE', 'The bot’s job store was briefly unavailable; it will retry.', {
        cause: error,
      })
    : asBotError(error);
  if (botError.code === 'THROTTLED' && token) {
    const local = botError.details.local === true;
    // Our own budget for one MDE API is spent: only this job waits; jobs for other APIs go on.
    // The service itself said 429: every job of the queue waits until Retry-After.
    const waitMs = local
      ? Math.max(100, botError.retryAfterMs ?? 1000)
      : Math.max(1000, botError.retryAfterMs ?? 60_000);
    if (!local) gate?.hold(waitMs);
    await job.moveToDelayed(Date.now() + waitMs, token);
    throw new DelayedError();
  }
  if (botError.retryable && !isLastAttempt(job)) throw botError;
  await giveUp(botError);
  throw new UnrecoverableError(`${botError.code}: ${botError.message}`);
}

/** BullMQ's script answers "Missing lock for job" (-2) and "Lock mismatch" (-6). */
const LOCK_LOST_CODES = new Set([-2, -6]);
const LOCK_LOST_MESSAGES = /^(Missing lock for job|Lock mismatch for job)/;

export function isLockLost(error: unknown): boolean {
  if (error instanceof BotError || !(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (typeof code === 'number' && LOCK_LOST_CODES.has(code)) || LOCK_LOST_MESSAGES.test(error.message);
}

const OUTAGE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTCONN']);
const OUTAGE_MESSAGES =
  /Connection is closed|Stream isn't writeable|Command timed out|max retries per request|LOADING|READONLY/i;

/**
 * A Redis outage mid-job (e.g. recording progress after MDE answered) says nothing about the work:
 * retry it instead of failing it for good, so a restart never turns a done action into a "Failed" card.
 */
export function isStoreOutage(error: unknown): boolean {
  if (error instanceof BotError || !(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (
    (typeof code === 'string' && OUTAGE_CODES.has(code)) ||
    error.name === 'MaxRetriesPerRequestError' ||
    OUTAGE_MESSAGES.test(error.message)
  );
}
