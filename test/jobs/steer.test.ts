// How failures steer BullMQ: local budget -> only this job waits; a service's 429 -> every job of the
// queue waits out Retry-After; transient -> retry; permanent or last attempt -> the user is told,
// then the job fails for good.
import { randomUUID } from 'node:crypto';
import { DelayedError, Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { BotError } from '../../src/core/errors.js';
import {
  isLastAttempt,
  isLockLost,
  isStoreOutage,
  steerFailure,
  ThrottleGate,
  waitOutThrottle,
} from '../../src/jobs/steer.js';

/** The error BullMQ itself throws when a job whose lock expired (e.g. Redis was away) moves on. */
async function realLockLostError(): Promise<unknown> {
  const connection = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    maxRetriesPerRequest: null,
  });
  const prefix = `test-${randomUUID()}`;
  const queue = new Queue('lock', { connection, prefix });
  let worker: Worker | undefined;
  try {
    const caught = new Promise<unknown>((resolve) => {
      worker = new Worker(
        'lock',
        async (job, token) => {
          await connection.del(`${prefix}:lock:${job.id}:lock`);
          await job.moveToDelayed(Date.now() + 1000, token).then(
            () => resolve(undefined),
            (error: unknown) => resolve(error),
          );
        },
        { connection, prefix },
      );
    });
    await queue.add('x', {});
    return await caught;
  } finally {
    await worker?.close(true);
    await queue.obliterate({ force: true });
    await queue.close();
    connection.disconnect();
  }
}

function fakeJob(attemptsMade = 0, attempts = 3) {
  const delayedTo: number[] = [];
  return {
    attemptsMade,
    opts: { attempts },
    delayedTo,
    moveToDelayed: (timestamp: number) => {
      delayedTo.push(timestamp);
      return Promise.resolve();
    },
  };
}

/** A gate on a clock the test moves. */
function testGate() {
  const clock = { now: 1_000_000 };
  return { clock, gate: new ThrottleGate({ now: () => clock.now }) };
}

async function outcome(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => 'resolved',
    (error: unknown) => error,
  );
}

describe('steerFailure', () => {
  it('our own budget spent: delays only this job, the gate stays open, no attempt used, user not told', async () => {
    const job = fakeJob();
    const { gate } = testGate();
    const told: BotError[] = [];
    const error = new BotError('THROTTLED', 'pacing', { retryAfterMs: 4000, details: { local: true } });
    const before = Date.now();
    const result = await outcome(
      steerFailure(error, job, gate, (e) => Promise.resolve(void told.push(e)), 'token'),
    );
    expect(result).toBeInstanceOf(DelayedError);
    expect(job.delayedTo).toHaveLength(1);
    expect(job.delayedTo[0]! - before).toBeGreaterThanOrEqual(4000);
    expect(gate.remainingMs()).toBe(0);
    expect(told).toEqual([]);
  });

  it('the service’s 429: delays this job for Retry-After and holds the gate for the queue’s other jobs', async () => {
    const { clock, gate } = testGate();
    const job = fakeJob();
    const before = Date.now();
    const result = await outcome(
      steerFailure(
        new BotError('THROTTLED', '429', { retryAfterMs: 7000 }),
        job,
        gate,
        () => Promise.resolve(),
        'token',
      ),
    );
    expect(result).toBeInstanceOf(DelayedError);
    expect(job.delayedTo[0]! - before).toBeGreaterThanOrEqual(7000);
    expect(gate.remainingMs()).toBe(7000);

    // A job starting 2 s later waits the remaining 5 s; once the time is up, jobs run.
    clock.now += 2000;
    const next = fakeJob();
    const waited = await outcome(waitOutThrottle(next, gate, 'token2'));
    expect(waited).toBeInstanceOf(DelayedError);
    expect(next.delayedTo[0]! - before).toBeGreaterThanOrEqual(5000);
    expect(next.delayedTo[0]! - before).toBeLessThan(6000);
    clock.now += 5000;
    expect(await outcome(waitOutThrottle(fakeJob(), gate, 'token3'))).toBe('resolved');
  });

  it('a shorter Retry-After never shortens a hold already in place; without Retry-After MDE’s minute is assumed', async () => {
    const { gate } = testGate();
    gate.hold(30_000);
    await outcome(
      steerFailure(
        new BotError('THROTTLED', '429', { retryAfterMs: 1000 }),
        fakeJob(),
        gate,
        () => Promise.resolve(),
        'token',
      ),
    );
    expect(gate.remainingMs()).toBe(30_000);
    const fresh = testGate();
    await outcome(
      steerFailure(new BotError('THROTTLED', '429'), fakeJob(), fresh.gate, () => Promise.resolve(), 'token'),
    );
    expect(fresh.gate.remainingMs()).toBe(60_000);
  });

  it('transient: rethrown for a retry with backoff, until the last attempt, when the user is told', async () => {
    const told: string[] = [];
    const transient = new BotError('TRANSIENT', 'MDE 503');
    const early = await outcome(
      steerFailure(
        transient,
        fakeJob(0, 3),
        undefined,
        (e) => Promise.resolve(void told.push(e.code)),
        'token',
      ),
    );
    expect(early).toBe(transient);
    expect(told).toEqual([]);
    const last = await outcome(
      steerFailure(
        transient,
        fakeJob(2, 3),
        undefined,
        (e) => Promise.resolve(void told.push(e.code)),
        'token',
      ),
    );
    expect(last).toBeInstanceOf(UnrecoverableError);
    expect(told).toEqual(['TRANSIENT']);
    expect(isLastAttempt({ attemptsMade: 2, opts: { attempts: 3 } })).toBe(true);
  });

  it('permanent (403, 404, bad input): tells the user and fails at once', async () => {
    const told: string[] = [];
    const result = await outcome(
      steerFailure(
        new BotError('FORBIDDEN', 'no Machine.Isolate'),
        fakeJob(0, 6),
        undefined,
        (e) => Promise.resolve(void told.push(e.userMessage)),
        'token',
      ),
    );
    expect(result).toBeInstanceOf(UnrecoverableError);
    expect(told).toEqual(['no Machine.Isolate']);
  });
});

describe('Redis outages mid-job', () => {
  it('are retried, never reported to the user as a failure', async () => {
    const told: string[] = [];
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
    for (const error of [
      refused,
      new Error('Connection is closed.'),
      new Error("Stream isn't writeable and enableOfflineQueue options is false"),
    ]) {
      const result = await outcome(
        steerFailure(
          error,
          fakeJob(0, 6),
          undefined,
          (e) => Promise.resolve(void told.push(e.code)),
          'token',
        ),
      );
      expect(result).toBeInstanceOf(BotError);
      expect((result as BotError).code).toBe('UNAVAILABLE');
    }
    expect(told).toEqual([]);
    expect(isStoreOutage(new TypeError('x is undefined'))).toBe(false);
  });

  it('a job whose lock was lost is handed back, never failed and never told, even on its last attempt', async () => {
    const lost = await realLockLostError();
    expect(isLockLost(lost)).toBe(true);
    const told: BotError[] = [];
    const result = await outcome(
      steerFailure(lost, fakeJob(2, 3), undefined, (e) => Promise.resolve(void told.push(e)), 'token'),
    );
    expect(result).toBeInstanceOf(BotError);
    expect(result).not.toBeInstanceOf(UnrecoverableError);
    expect((result as BotError).code).toBe('UNAVAILABLE');
    expect(told).toEqual([]);
    expect(isLockLost(new Error('Missing machine'))).toBe(false);
  });
});
