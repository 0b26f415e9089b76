// Log lines about outside callers (foreign tenants and workspaces, non-local requests), at most one
// per key per window and at most `maxKeys` keys per window: a flood of refused requests, or of
// distinct made-up ids, can neither flood the log nor grow memory.
import type { Clock } from './clock.js';

export type LogDecision =
  | { log: true; /** lines held back for this key since it was last logged */ suppressed: number }
  | { log: false };

export interface LogLimiter {
  check(key: string): LogDecision;
}

export interface LogLimiterOptions {
  windowMs: number;
  /** Keys remembered at most; while that many are inside their window, new keys stay quiet. */
  maxKeys: number;
  /** Epoch ms. */
  clock: Clock;
}

interface Entry {
  loggedAt: number;
  suppressed: number;
}

export function createLogLimiter(options: LogLimiterOptions): LogLimiter {
  const { windowMs, maxKeys, clock } = options;
  // Insertion order is the order of the last line logged, oldest first.
  const entries = new Map<string, Entry>();

  function forgetExpired(now: number): void {
    for (const [key, entry] of entries) {
      if (now - entry.loggedAt < windowMs) return;
      entries.delete(key);
    }
  }

  return {
    check(key) {
      const now = clock.now();
      const entry = entries.get(key);
      if (entry && now - entry.loggedAt < windowMs) {
        entry.suppressed += 1;
        return { log: false };
      }
      entries.delete(key);
      forgetExpired(now);
      // Full of keys still inside their window: stay quiet rather than forget one and repeat it.
      if (entries.size >= maxKeys) return { log: false };
      entries.set(key, { loggedAt: now, suppressed: 0 });
      return { log: true, suppressed: entry?.suppressed ?? 0 };
    },
  };
}
