import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisSlidingWindowLimiter, underPublished } from '../../src/defender/ratelimit.js';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = `test-${randomUUID()}`;

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
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => limiters[i % 3]!.tryAcquire('shared', budget)),
    );
    expect(results.filter((r) => r === 0)).toHaveLength(10);
    const waits = results.filter((r) => r > 0);
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
    const results: number[] = [];
    for (let i = 0; i < 5; i++) results.push(await limiter.tryAcquire('two-windows', budget));
    expect(results.slice(0, 3)).toEqual([0, 0, 0]);
    expect(results[3]).toBeGreaterThan(60_000);
  });

  it('frees budget as calls leave the window', async () => {
    const limiter = new RedisSlidingWindowLimiter(redis, prefix);
    const budget = { windows: [{ limit: 2, windowMs: 300 }] };
    expect(await limiter.tryAcquire('sliding', budget)).toBe(0);
    expect(await limiter.tryAcquire('sliding', budget)).toBe(0);
    const wait = await limiter.tryAcquire('sliding', budget);
    expect(wait).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, wait + 20));
    expect(await limiter.tryAcquire('sliding', budget)).toBe(0);
  });

  it('keeps every budget strictly under MDE’s published limits', () => {
    const budget = underPublished([
      { limit: 100, windowMs: 60_000 },
      { limit: 2, windowMs: 60_000 },
    ]);
    expect(budget.windows[0]!.limit).toBeLessThan(100);
    expect(budget.windows[0]!.limit).toBeGreaterThanOrEqual(95);
    expect(budget.windows[1]!.limit).toBe(1);
  });
});
