// At most one log line per key per window, in bounded memory: a flood of refused requests from one
// foreign tenant neither fills the logs nor grows a map without end.

export type LogDecision = { log: true; /** lines held back for this key since it was last logged */ suppressed: number } | { log: false };

export interface LogLimiter {
  check(key: string): LogDecision;
}

export interface LogLimiterOptions {
  windowMs: number;
  /** Keys remembered at most; past that the longest-unlogged one is forgotten (it may log early, once). */
  maxKeys: number;
  /** Epoch ms. */
  clock: () => number;
}

interface Entry {
  loggedAt: number;
  suppressed: number;
}

export function createLogLimiter(options: LogLimiterOptions): LogLimiter {
  // Map keeps insertion order; a key is re-inserted when it logs, so the first key is the stalest.
  const entries = new Map<string, Entry>();
  return {
    check(key) {
      const now = options.clock();
      const entry = entries.get(key);
      if (entry && now - entry.loggedAt < options.windowMs) {
        entry.suppressed += 1;
        return { log: false };
      }
      entries.delete(key);
      entries.set(key, { loggedAt: now, suppressed: 0 });
      while (entries.size > options.maxKeys) {
        const stalest = entries.keys().next();
        if (stalest.done) break;
        entries.delete(stalest.value);
      }
      return { log: true, suppressed: entry?.suppressed ?? 0 };
    },
  };
}
