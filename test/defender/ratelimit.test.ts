// The shared MDE budget against a real Redis. The limiter reads an injected clock instead of Redis's,
// so windows are crossed by moving the clock, never by sleeping.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACTION_RESERVE,
  MDE_PUBLISHED_LIMITS,
  RedisSlidingWindowLimiter,
  TURN_GRACE_MS,
  type CallClass,
  type RateBudget,
  type RateDecision,
} from '../../src/defender/ratelimit.js';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = `test-${randomUUID()}`;

/** A clock only the test moves. */
class TestClock {
  t = 1_700_000_000_000;
  readonly now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
  set(at: number): void {
    this.t = Math.max(this.t, at);
  }
}

const waitOf = (decision: RateDecision): number => ('waitMs' in decision ? decision.waitMs : 0);
const grantOf = (decision: RateDecision): string => {
  if (!('grant' in decision)) throw new Error(`refused for ${decision.waitMs} ms`);
  return decision.grant;
};
/** A fresh key per test, so tests sharing the prefix never see each other's calls. */
const freshKey = (): string => `key-${randomUUID()}`;

function limiterAt(clock: TestClock, connection: Redis = redis): RedisSlidingWindowLimiter {
  return new RedisSlidingWindowLimiter(connection, prefix, clock);
}

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
    const clock = new TestClock();
    const connections = [1, 2, 3].map(() => redis.duplicate());
    const limiters = connections.map((c) => limiterAt(clock, c));
    const budget = { windows: [{ limit: 10, windowMs: 60_000 }] };
    const key = freshKey();
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => limiters[i % 3]!.tryAcquire(key, budget, 1000)),
    );
    expect(results.filter((r) => 'grant' in r)).toHaveLength(10);
    const waits = results.map(waitOf).filter((w) => w > 0);
    expect(waits).toHaveLength(20);
    for (const wait of waits) expect(wait).toBe(60_001);
    await Promise.all(connections.map((c) => c.quit()));
  });

  it('applies every window: the tighter one decides', async () => {
    const limiter = limiterAt(new TestClock());
    const budget = {
      windows: [
        { limit: 5, windowMs: 60_000 },
        { limit: 3, windowMs: 3_600_000 },
      ],
    };
    const key = freshKey();
    const results: RateDecision[] = [];
    for (let i = 0; i < 5; i++) results.push(await limiter.tryAcquire(key, budget, 0));
    expect(results.slice(0, 3).every((r) => 'grant' in r)).toBe(true);
    expect(waitOf(results[3]!)).toBe(3_600_001);
  });

  it('counts a call from its answer: budget frees a window after MDE answered', async () => {
    const clock = new TestClock();
    const limiter = limiterAt(clock);
    const budget = { windows: [{ limit: 2, windowMs: 300 }] };
    const key = freshKey();
    const first = grantOf(await limiter.tryAcquire(key, budget, 10_000));
    const second = grantOf(await limiter.tryAcquire(key, budget, 10_000));
    clock.advance(40);
    await limiter.answered(key, budget, first);
    await limiter.answered(key, budget, second);
    expect(waitOf(await limiter.tryAcquire(key, budget, 10_000))).toBe(301);
    clock.advance(301);
    expect(await limiter.tryAcquire(key, budget, 10_000)).toHaveProperty('grant');
  });

  it('keeps counting an unanswered call until the latest moment it could reach MDE', async () => {
    const clock = new TestClock();
    const limiter = limiterAt(clock);
    const budget = { windows: [{ limit: 1, windowMs: 300 }] };
    const key = freshKey();
    const inFlight = grantOf(await limiter.tryAcquire(key, budget, 1000));
    // Still in flight: whatever happens, its window cannot end before a whole window from now.
    expect(waitOf(await limiter.tryAcquire(key, budget, 1000))).toBe(301);
    clock.advance(400);
    // A pure grant-time log would have freed it by now; it may only just have arrived at MDE.
    expect(waitOf(await limiter.tryAcquire(key, budget, 1000))).toBe(301);
    await limiter.answered(key, budget, inFlight);
    expect(waitOf(await limiter.tryAcquire(key, budget, 1000))).toBe(301);
  });

  it('forgets a call that never got an answer once its latest possible arrival leaves the window', async () => {
    const clock = new TestClock();
    const limiter = limiterAt(clock);
    const budget = { windows: [{ limit: 1, windowMs: 200 }] };
    const key = freshKey();
    grantOf(await limiter.tryAcquire(key, budget, 100));
    // Counted until 100 ms (its latest arrival) + the 200 ms window.
    clock.advance(300);
    expect(await limiter.tryAcquire(key, budget, 100)).not.toHaveProperty('grant');
    clock.advance(1);
    expect(await limiter.tryAcquire(key, budget, 100)).toHaveProperty('grant');
  });

  it('never moves an answered call later (a repeated answer does not extend its window)', async () => {
    const clock = new TestClock();
    const limiter = limiterAt(clock);
    const budget = { windows: [{ limit: 1, windowMs: 400 }] };
    const key = freshKey();
    const grant = grantOf(await limiter.tryAcquire(key, budget, 5000));
    await limiter.answered(key, budget, grant);
    clock.advance(200);
    await limiter.answered(key, budget, grant);
    expect(waitOf(await limiter.tryAcquire(key, budget, 5000))).toBe(201);
  });
});

describe('the line of callers waiting for budget', () => {
  it('tells a backlog to come back one by one as slots free, not all at the first free slot, and lets each through then', async () => {
    const clock = new TestClock();
    const limiter = limiterAt(clock);
    const budget = { windows: [{ limit: 3, windowMs: 600 }] };
    const key = freshKey();
    const start = clock.t;
    for (let i = 0; i < 3; i++) {
      grantOf(await limiter.tryAcquire(key, budget, 0, { caller: `early-${i}` }));
      clock.advance(60);
    }
    const waits: number[] = [];
    for (let i = 0; i < 4; i++)
      waits.push(waitOf(await limiter.tryAcquire(key, budget, 0, { caller: `job-${i}` })));
    // The slots free 60 ms apart, as the grants were made; the fourth caller waits a round more.
    const turns = waits.map((wait) => clock.t + wait - start);
    expect(turns).toEqual([601, 661, 721, 1202]);
    for (let i = 0; i < 3; i++) {
      clock.set(start + turns[i]!);
      expect(await limiter.tryAcquire(key, budget, 0, { caller: `job-${i}` })).toHaveProperty('grant');
    }
  });

  it('holds a slot whose turn has come for its caller: a newcomer waits behind it', async () => {
    const clock = new TestClock();
    const limiter = limiterAt(clock);
    const budget = { windows: [{ limit: 1, windowMs: 300 }] };
    const key = freshKey();
    grantOf(await limiter.tryAcquire(key, budget, 0, { caller: 'first' }));
    const turn = waitOf(await limiter.tryAcquire(key, budget, 0, { caller: 'waiting' }));
    // Asking again early keeps the turn (no move to the back of the line).
    clock.advance(100);
    const again = waitOf(await limiter.tryAcquire(key, budget, 0, { caller: 'waiting' }));
    expect(again).toBe(turn - 100);
    clock.advance(again);
    // The window has room, but that slot is the waiting caller's: the newcomer is refused...
    expect(waitOf(await limiter.tryAcquire(key, budget, 0, { caller: 'newcomer' }))).toBeGreaterThan(250);
    // ...and the caller whose turn it is gets it.
    expect(await limiter.tryAcquire(key, budget, 0, { caller: 'waiting' })).toHaveProperty('grant');
  });

  it('gives up a turn nobody takes within the grace, so a vanished job blocks nobody for long', async () => {
    const clock = new TestClock();
    const limiter = limiterAt(clock);
    const budget = { windows: [{ limit: 1, windowMs: 200 }] };
    const key = freshKey();
    grantOf(await limiter.tryAcquire(key, budget, 0, { caller: 'first' }));
    const turn = waitOf(await limiter.tryAcquire(key, budget, 0, { caller: 'gone' }));
    clock.advance(turn);
    expect(await limiter.tryAcquire(key, budget, 0, { caller: 'newcomer' })).not.toHaveProperty('grant');
    clock.advance(TURN_GRACE_MS + 1);
    expect(await limiter.tryAcquire(key, budget, 0, { caller: 'newcomer' })).toHaveProperty('grant');
  });
});

/** 10 calls a second, 2 of them kept for actions: reads may fill 8. */
const RESERVED: RateBudget = { windows: [{ limit: 10, windowMs: 1000 }], actionReserve: ACTION_RESERVE };

interface Asker {
  name: string;
  callClass: CallClass;
  /** When it (next) asks. */
  at: number;
}

interface Granted {
  name: string;
  callClass: CallClass;
  at: number;
}

/**
 * Plays callers the way the transport drives the limiter: each asks at its time and, when refused,
 * asks again exactly when told. Returns every grant, in order. Same-moment askers go in list order.
 */
async function play(
  limiter: RedisSlidingWindowLimiter,
  clock: TestClock,
  key: string,
  budget: RateBudget,
  askers: Asker[],
): Promise<Granted[]> {
  const waiting = askers.map((a) => ({ ...a }));
  const granted: Granted[] = [];
  for (let steps = 0; waiting.length > 0; steps++) {
    if (steps > 10_000) throw new Error('the callers never all got a slot');
    const next = waiting.reduce((a, b) => (b.at < a.at ? b : a));
    clock.set(next.at);
    for (const asker of waiting.filter((w) => w.at <= clock.t)) {
      const decision = await limiter.tryAcquire(key, budget, 0, {
        caller: asker.name,
        callClass: asker.callClass,
      });
      if ('grant' in decision) {
        granted.push({ name: asker.name, callClass: asker.callClass, at: clock.t });
        waiting.splice(waiting.indexOf(asker), 1);
      } else {
        asker.at = clock.t + decision.waitMs;
      }
    }
  }
  return granted;
}

/** The most calls of each class in any trailing window, counted as each call is granted. */
function busiestWindow(granted: readonly Granted[], windowMs: number): { all: number; beforeRead: number } {
  let all = 0;
  let beforeRead = 0;
  granted.forEach((call, i) => {
    const inWindow = granted.slice(0, i + 1).filter((c) => c.at > call.at - windowMs).length;
    all = Math.max(all, inWindow);
    if (call.callClass === 'read') beforeRead = Math.max(beforeRead, inWindow - 1);
  });
  return { all, beforeRead };
}

const reads = (count: number, at: number, from = 0): Asker[] =>
  Array.from({ length: count }, (_, i) => ({ name: `read-${from + i}`, callClass: 'read' as const, at }));
const actions = (count: number, at: number, from = 0): Asker[] =>
  Array.from({ length: count }, (_, i) => ({ name: `action-${from + i}`, callClass: 'action' as const, at }));

describe('the share of the budget kept for machine actions', () => {
  it('stops reads alone at 80 % of the window; the rest is the actions’', async () => {
    const clock = new TestClock();
    const limiter = limiterAt(clock);
    const key = freshKey();
    for (let i = 0; i < 8; i++) grantOf(await limiter.tryAcquire(key, RESERVED, 0, { callClass: 'read' }));
    // The ninth read waits for the first to leave the window, though two slots are free.
    expect(waitOf(await limiter.tryAcquire(key, RESERVED, 0, { callClass: 'read' }))).toBe(1001);
    // A call nobody classified counts as a read.
    expect(await limiter.tryAcquire(key, RESERVED, 0)).not.toHaveProperty('grant');
    // An action still gets a slot when reads have used 80 %: both kept slots.
    grantOf(await limiter.tryAcquire(key, RESERVED, 0, { callClass: 'action' }));
    grantOf(await limiter.tryAcquire(key, RESERVED, 0, { callClass: 'action' }));
    // Exact budget all the same: the window holds its limit and no more.
    expect(waitOf(await limiter.tryAcquire(key, RESERVED, 0, { callClass: 'action' }))).toBe(1001);
  });

  it('lets reads fill the whole window when no reserve is set (APIs only reads call)', async () => {
    const clock = new TestClock();
    const limiter = limiterAt(clock);
    const key = freshKey();
    const plain = { windows: RESERVED.windows };
    for (let i = 0; i < 10; i++) grantOf(await limiter.tryAcquire(key, plain, 0, { callClass: 'read' }));
    expect(await limiter.tryAcquire(key, plain, 0, { callClass: 'read' })).not.toHaveProperty('grant');
  });

  it('lets reads proceed up to 80 % of every window while actions are idle, in the order they asked', async () => {
    const clock = new TestClock();
    const start = clock.t;
    const granted = await play(limiterAt(clock), clock, freshKey(), RESERVED, reads(20, start));
    expect(granted.map((g) => g.name)).toEqual(reads(20, start).map((r) => r.name));
    // Eight a window, each batch as soon as the one before it leaves the window.
    expect(granted.map((g) => g.at - start)).toEqual([
      ...Array<number>(8).fill(0),
      ...Array<number>(8).fill(1001),
      ...Array<number>(4).fill(2002),
    ]);
  });

  it('never lets reads waiting in line take the kept slots, nor hold up a waiting action', async () => {
    const clock = new TestClock();
    const start = clock.t;
    // Thirty reads at once, a read every 50 ms after that for three seconds, and six actions at
    // 300 ms: two find the kept slots free, four must wait for the window to move on.
    const stream = Array.from({ length: 60 }, (_, i) => ({
      name: `stream-${i}`,
      callClass: 'read' as const,
      at: start + 50 * (i + 1),
    }));
    const granted = await play(limiterAt(clock), clock, freshKey(), RESERVED, [
      ...reads(30, start),
      ...stream,
      ...actions(6, start + 300),
    ]);

    const busiest = busiestWindow(granted, 1000);
    expect(busiest.all).toBe(10);
    // A read was only ever granted into a window holding fewer than 8 calls.
    expect(busiest.beforeRead).toBe(7);
    // Each action went at the first moment the window had room: two at once, four when the first
    // reads left — not behind the 80 reads waiting in line.
    const actionTimes = granted.filter((g) => g.callClass === 'action').map((g) => g.at - start);
    expect(actionTimes).toEqual([300, 300, 1001, 1001, 1001, 1001]);
    // And the reads all got through in the end, in the order they asked.
    expect(granted.filter((g) => g.callClass === 'read').map((g) => g.name)).toEqual(
      [...reads(30, start), ...stream].map((r) => r.name),
    );
  });

  it('holds a waiting action’s turn against reads even when the window drops below 80 %', async () => {
    const clock = new TestClock();
    const limiter = limiterAt(clock);
    const key = freshKey();
    // Ten actions fill the window; one more waits for the first to leave.
    for (let i = 0; i < 10; i++)
      grantOf(await limiter.tryAcquire(key, RESERVED, 0, { caller: `a-${i}`, callClass: 'action' }));
    const turn = waitOf(
      await limiter.tryAcquire(key, RESERVED, 0, { caller: 'late-action', callClass: 'action' }),
    );
    expect(turn).toBe(1001);
    // The whole window leaves at once; the waiting action has not come back yet.
    clock.advance(turn);
    for (let i = 0; i < 7; i++)
      grantOf(await limiter.tryAcquire(key, RESERVED, 0, { caller: `r-${i}`, callClass: 'read' }));
    // With the action's held slot, the window counts 8: no more reads...
    expect(
      await limiter.tryAcquire(key, RESERVED, 0, { caller: 'r-7', callClass: 'read' }),
    ).not.toHaveProperty('grant');
    // ...and the action takes its slot when it comes back.
    expect(
      await limiter.tryAcquire(key, RESERVED, 0, { caller: 'late-action', callClass: 'action' }),
    ).toHaveProperty('grant');
  });

  it('keeps the reserve in the hour window too, at MDE’s own limits (80 of 100 a minute, 1,200 of 1,500 an hour)', async () => {
    const clock = new TestClock();
    const start = clock.t;
    const limiter = limiterAt(clock);
    const key = freshKey();
    const budget: RateBudget = { windows: MDE_PUBLISHED_LIMITS.standard, actionReserve: ACTION_RESERVE };
    // Fifteen minutes of reads at 80 a minute: each minute's 81st is refused.
    for (let minute = 0; minute < 15; minute++) {
      clock.set(start + minute * 60_001);
      for (let i = 0; i < 80; i++) grantOf(await limiter.tryAcquire(key, budget, 0, { callClass: 'read' }));
      expect(await limiter.tryAcquire(key, budget, 0, { callClass: 'read' })).not.toHaveProperty('grant');
    }
    // The hour holds 1,200 reads: the minute window is empty, yet a read waits for the hour to move on.
    clock.set(start + 15 * 60_001);
    expect(waitOf(await limiter.tryAcquire(key, budget, 0, { callClass: 'read' }))).toBe(
      start + 3_600_001 - clock.t,
    );
    // Actions still have the hour's last 300: 100 a minute.
    for (let minute = 15; minute < 18; minute++) {
      clock.set(start + minute * 60_001);
      for (let i = 0; i < 100; i++)
        grantOf(await limiter.tryAcquire(key, budget, 0, { callClass: 'action' }));
    }
    clock.set(start + 18 * 60_001);
    expect(waitOf(await limiter.tryAcquire(key, budget, 0, { callClass: 'action' }))).toBe(
      start + 3_600_001 - clock.t,
    );
  });
});
