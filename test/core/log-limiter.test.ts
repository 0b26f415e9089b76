import { describe, expect, it } from 'vitest';
import { createLogLimiter } from '../../src/core/log-limiter.js';

describe('log limiter', () => {
  it('logs one line per key per window and counts the lines it held back', () => {
    let now = 0;
    const limiter = createLogLimiter({ windowMs: 60_000, maxKeys: 10, clock: { now: () => now } });
    expect([limiter.check('T1').log, limiter.check('T1').log, limiter.check('T2').log]).toEqual([
      true,
      false,
      true,
    ]);
    now = 59_999;
    expect(limiter.check('T1')).toEqual({ log: false });
    now = 60_000;
    expect(limiter.check('T1')).toEqual({ log: true, suppressed: 2 });
  });

  it('remembers at most maxKeys keys: beyond them it stays quiet until the oldest expire', () => {
    let now = 0;
    const limiter = createLogLimiter({ windowMs: 1_000, maxKeys: 2, clock: { now: () => now } });
    const logs = (key: string) => limiter.check(key).log;
    expect([logs('a'), logs('b'), logs('c')]).toEqual([true, true, false]);
    now = 500;
    expect(logs('a')).toBe(false);
    now = 1_000;
    // a and b have expired: room again.
    expect([logs('c'), logs('d'), logs('e')]).toEqual([true, true, false]);
  });
});
