// Sliding-window call budgets, one log per (calling app, API); only accepted calls are recorded.
import type { RateWindow, SimClock } from '../types.js';
import { MdeError } from './errors.js';

export class SlidingWindowLimiter {
  private readonly calls = new Map<string, number[]>();

  constructor(private readonly clock: SimClock) {}

  /** Records a call under `key`, or throws 429 TooManyRequests if any window is full. */
  take(key: string, windows: readonly RateWindow[]): void {
    const now = this.clock.now();
    const longest = Math.max(0, ...windows.map((window) => window.windowMs));
    const log = (this.calls.get(key) ?? []).filter((time) => time > now - longest);
    let waitMs = 0;
    let exceeded: RateWindow | undefined;
    for (const window of windows) {
      const inWindow = log.filter((time) => time > now - window.windowMs);
      if (inWindow.length < window.limit) continue;
      // The call that must leave the window before one more fits.
      const blocking = inWindow[inWindow.length - window.limit] ?? now;
      const wait = blocking + window.windowMs - now;
      if (wait > waitMs) [waitMs, exceeded] = [wait, window];
    }
    if (exceeded !== undefined) {
      this.calls.set(key, log);
      const retryAfter = String(Math.max(1, Math.ceil(waitMs / 1000)));
      throw new MdeError(
        429,
        'TooManyRequests',
        `API calls quota exceeded! maximum allowed ${exceeded.limit} per ${formatWindow(exceeded.windowMs)}`,
        { 'Retry-After': retryAfter },
      );
    }
    log.push(now);
    this.calls.set(key, log);
  }

  clear(): void {
    this.calls.clear();
  }
}

/** `60000` -> `00:01:00`, as MDE prints its windows. */
function formatWindow(windowMs: number): string {
  const seconds = Math.round(windowMs / 1000);
  const parts = [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60];
  return parts.map((part) => String(part).padStart(2, '0')).join(':');
}
