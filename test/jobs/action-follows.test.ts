// A command about a machine action (`cancel`) has the job following that action read its status at once:
// the follow entry names the job, a delayed job is promoted, and an unfollowed action is reported as such.
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createActionFollows } from '../../src/jobs/actions/index.js';
import { followNow } from '../../src/jobs/defender-worker.js';
import type { DefenderJob } from '../../src/jobs/types.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
const prefix = `test-${randomUUID()}`;
const defenderQueue = new Queue<DefenderJob>('defender', {
  connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }),
  prefix,
});
const follows = createActionFollows(redis, prefix);

afterAll(async () => {
  await defenderQueue.obliterate({ force: true });
  await defenderQueue.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

const expiry = (approvalId: string): DefenderJob => ({ kind: 'approval-expiry', approvalId });

describe('followed machine actions', () => {
  it('records, finds and forgets the job that follows an action, with an expiry', async () => {
    const actionId = randomUUID();
    expect(await follows.jobFollowing(actionId)).toBeUndefined();
    await follows.record(actionId, 'action-job-1');
    expect(await follows.jobFollowing(actionId)).toBe('action-job-1');
    expect(await redis.pttl(`${prefix}:action-follow:${actionId}`)).toBeGreaterThan(2 * 3_600_000);
    await follows.forget(actionId);
    expect(await follows.jobFollowing(actionId)).toBeUndefined();
  });

  it('promotes the delayed job following the action, so it reads the status now', async () => {
    const actionId = randomUUID();
    const job = await defenderQueue.add('machine-action', expiry('a1'), {
      jobId: `follow-${randomUUID()}`,
      delay: 60_000,
    });
    await follows.record(actionId, job.id!);
    expect(await job.getState()).toBe('delayed');
    expect(await followNow({ follows, defenderQueue }, actionId)).toBe(true);
    expect(await job.getState()).toBe('waiting');
    // Already waiting (or running): nothing to promote, and no error.
    expect(await followNow({ follows, defenderQueue }, actionId)).toBe(true);
  });

  it('says no job follows an action it has no entry for, or whose job is gone', async () => {
    expect(await followNow({ follows, defenderQueue }, randomUUID())).toBe(false);
    const actionId = randomUUID();
    await follows.record(actionId, 'no-such-job');
    expect(await followNow({ follows, defenderQueue }, actionId)).toBe(false);
    // A worker built without follow bookkeeping finds none.
    expect(await followNow({ defenderQueue }, actionId)).toBe(false);
  });
});
