// Rate limit for log lines about outside callers: at most one line per key per window, and at most
// `maxKeys` keys remembered, so a flood of distinct ids can neither grow memory nor flood the log.

export interface OncePerWindowOptions {
  windowMs: number;
  maxKeys: number;
  /** Epoch ms. */
  clock: () => number;
}

/** Returns `allow(key)`: true when a line about `key` may be written now. */
export function oncePerWindow(options: OncePerWindowOptions): (key: string) => boolean {
  const { windowMs, maxKeys, clock } = options;
  // Insertion order is the order of the last allowed line, oldest first.
  const lastAllowed = new Map<string, number>();

  function forgetExpired(now: number): void {
    for (const [key, at] of lastAllowed) {
      if (now - at < windowMs) return;
      lastAllowed.delete(key);
    }
  }

  return (key: string): boolean => {
    const now = clock();
    const last = lastAllowed.get(key);
    if (last !== undefined && now - last < windowMs) return false;
    lastAllowed.delete(key);
    forgetExpired(now);
    // Full of keys still inside their window: stay quiet rather than forget one and repeat it.
    if (lastAllowed.size >= maxKeys) return false;
    lastAllowed.set(key, now);
    return true;
  };
}
