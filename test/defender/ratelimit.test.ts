import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisSlidingWindowLimiter, TURN_GRACE_MS, type RateDecision } from '../../src/defender/ratelimit.js';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = `test-${randomUUID()}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const waitOf = (decision: RateDecision): number => ('waitMs' in decision ? decision.waitMs : 0);
const grantOf = (decision: RateDecision): string => {
  if (!('grant' in decision)) throw new Error(`refused for ${decision.waitMs} ms`);
  return decision.grant;
};

beforeAll(async () => {
  await redis.ping();
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe('Redis sliding-window limiter', () => {
  it('grants exactly the limit across concurrent limiter instances, then says how long to wait', async () => {
    const limiters = [1, 2, 3].map(() => new RedisSlidingWindowLimiter(redis.duplicate(), prefix));
    const budget = { windows: [{ limit: 10, windowMs: 60_000 }] };
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => limiters[i % 3]!.tryAcquire('shared', budget, 1000)));
    expect(results.filter((r) => 'grant' in r)).toHaveLength(10);
    const waits = results.map(waitOf).filter((w) => w > 0);
    expect(waits).toHaveLength(20);
    for (const wait of waits) expect(wait).toBeLessThanOrEqual(60_001);
    await Promise.all(limiters.map((l) => (l as unknown as { redis: Redis }).redis.quit()));
  });

  it('applies every window: the tighter one decides', async () => {
    const limiter = new RedisSlidingWindowLimiter(redis, prefix);
    const budget = {
      windows: [
        { limit: 5, windowMs: 60_000 },
        { limit: 3, windowMs: 3_600_000 },
      ],
    };
    const results: RateDecision[] = [];
    for (let i = 0; i < 5; i++) results.push(await limiter.tryAcquire('two-windows', budget, 0));
    expect(results.slice(0, 3).every((r) => 'grant' in r)).toBe(true);
    expect(waitOf(results[3]!)).toBeGreaterThan(60_000);
  });

  it('counts a call from its answer: budget frees a window after MDE answered', async () => {
    const limiter = new RedisSlidingWindowLimiter(redis, prefix);
    const budget = { windows: [{ limit: 2, windowMs: 300 }] };
    const first = grantOf(await limiter.tryAcquire('sliding', budget, 10_000));
    const second = grantOf(await limiter.tryAcquire('sliding', budget, 10_000));
    await limiter.answered('sliding', budget, first);
    await limiter.answered('sliding', budget, second);
    const wait = waitOf(await limiter.tryAcquire('sliding', budget, 10_000));
    expect(wait).toBeGreaterThan(250);
    expect(wait).toBeLessThanOrEqual(301);
    await sleep(wait + 20);
    expect(await limiter.tryAcquire('sliding', budget, 10_000)).toHaveProperty('grant');
  });

  it('keeps counting an unanswered call until the latest moment it could reach MDE', async () => {
    const limiter = new RedisSlidingWindowLimiter(redis, prefix);
    const budget = { windows: [{ limit: 1, windowMs: 300 }] };
    const inFlight = grantOf(await limiter.tryAcquire('in-flight', budget, 1000));
    // Still in flight: whatever happens, its window cannot end before a whole window from now.
    expect(waitOf(await limiter.tryAcquire('in-flight', budget, 1000))).toBe(301);
    await sleep(400);
    // A pure grant-time log would have freed it by now; it may only just have arrived at MDE.
    expect(waitOf(await limiter.tryAcquire('in-flight', budget, 1000))).toBe(301);
    await limiter.answered('in-flight', budget, inFlight);
    const wait = waitOf(await limiter.tryAcquire('in-flight', budget, 1000));
    expect(wait).toBeGreaterThan(250);
    expect(wait).toBeLessThanOrEqual(301);
  });

  it('forgets a call that never got an answer once its latest possible arrival leaves the window', async () => {
    const limiter = new RedisSlidingWindowLimiter(redis, prefix);
    const budget = { windows: [{ limit: 1, windowMs: 200 }] };
    grantOf(await limiter.tryAcquire('lost', budget, 100));
    await sleep(330);
    expect(await limiter.tryAcquire('lost', budget, 100)).toHaveProperty('grant');
  });

  it('never moves an answered call later (a repeated answer does not extend its window)', async () => {
    const limiter = new RedisSlidingWindowLimiter(redis, prefix);
    const budget = { windows: [{ limit: 1, windowMs: 400 }] };
    const grant = grantOf(await limiter.tryAcquire('late-answer', budget, 5000));
    await limiter.answered('late-answer', budget, grant);
    await sleep(200);
    await limiter.answered('late-answer', budget, grant);
    expect(waitOf(await limiter.tryAcquire('late-answer', budget, 5000))).toBeLessThanOrEqual(220);
  });
});

describe('the line of callers waiting for budget', () => {
  it('tells a backlog to come back one by one as slots free, not all at the first free slot, and lets each through then', async () => {
    const limiter = new RedisSlidingWindowLimiter(redis, prefix);
    const budget = { windows: [{ limit: 3, windowMs: 600 }] };
    for (let i = 0; i < 3; i++) {
      grantOf(await limiter.tryAcquire('line', budget, 0, `early-${i}`));
      await sleep(60);
    }
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) waits.push(waitOf(await limiter.tryAcquire('line', budget, 0, `job-${i}`)));
    // The slots free about 60 ms apart, as the grants were made; the fourth caller waits a round more.
    expect(waits[1]! - waits[0]!).toBeGreaterThanOrEqual(40);
    expect(waits[2]! - waits[1]!).toBeGreaterThanOrEqual(40);
    expect(waits[3]! - waits[0]!).toBeGreaterThanOrEqual(590);
    const comeBack = waits.slice(0, 3).map((wait, i) => sleep(wait + 5).then(() => limiter.tryAcquire('line', budget, 0, `job-${i}`)));
    expect((await Promise.all(comeBack)).every((d) => 'grant' in d)).toBe(true);
  });

  it('holds a slot whose turn has come for its caller: a newcomer waits behind it', async () => {
    const limiter = new RedisSlidingWindowLimiter(redis, prefix);
    const budget = { windows: [{ limit: 1, windowMs: 300 }] };
    grantOf(await limiter.tryAcquire('held', budget, 0, 'first'));
    const turn = waitOf(await limiter.tryAcquire('held', budget, 0, 'waiting'));
    // Asking again early keeps the turn (no move to the back of the line).
    await sleep(100);
    const again = waitOf(await limiter.tryAcquire('held', budget, 0, 'waiting'));
    expect(again).toBeGreaterThan(0);
    expect(again).toBeLessThanOrEqual(turn - 80);
    await sleep(again + 20);
    // The window has room, but that slot is the waiting caller's: the newcomer is refused...
    expect(waitOf(await limiter.tryAcquire('held', budget, 0, 'newcomer'))).toBeGreaterThan(250);
    // ...and the caller whose turn it is gets it.
    expect(await limiter.tryAcquire('held', budget, 0, 'waiting')).toHaveProperty('grant');
  });

  it('gives up a turn nobody takes within the grace, so a vanished job blocks nobody for long', async () => {
    const limiter = new RedisSlidingWindowLimiter(redis, prefix);
    const budget = { windows: [{ limit: 1, windowMs: 200 }] };
    grantOf(await limiter.tryAcquire('vanished', budget, 0, 'first'));
    const turn = waitOf(await limiter.tryAcquire('vanished', budget, 0, 'gone'));
    await sleep(turn + 20);
    expect(await limiter.tryAcquire('vanished', budget, 0, 'newcomer')).not.toHaveProperty('grant');
    await sleep(TURN_GRACE_MS);
    expect(await limiter.tryAcquire('vanished', budget, 0, 'newcomer')).toHaveProperty('grant');
  });
});
