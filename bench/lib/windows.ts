// Rate-window arithmetic for the action benchmarks: scaling MDE's windows down in time, and the least
// time a sliding-window budget allows for n calls (all ready at once, or each from its own moment).
import type { RateWindow } from '../../src/defender/ratelimit.js';

/** Same limits, windows `factor` times shorter. */
export function scaleWindows(windows: readonly RateWindow[], factor: number): RateWindow[] {
  return windows.map((w) => ({ limit: w.limit, windowMs: Math.round(w.windowMs / factor) }));
}

/**
 * With L calls per W, the (k·L+1)-th call may start only W after the ((k-1)·L+1)-th, so n calls span
 * at least (ceil(n/L) - 1)·W from the first; the tightest window decides.
 */
export function minimumSpanMs(n: number, windows: readonly RateWindow[]): number {
  return Math.max(0, ...windows.map((w) => (Math.ceil(n / w.limit) - 1) * w.windowMs));
}

/**
 * The earliest moment each call may reach MDE when call k is ready at `ready[k]` (ascending) and
 * nothing else uses the API: no earlier than it is ready, and no earlier than a window after the
 * call L places before it, for every window. With every call ready at 0 the last one goes out at
 * minimumSpanMs(n, windows).
 */
export function earliestSchedule(ready: readonly number[], windows: readonly RateWindow[]): number[] {
  const at: number[] = [];
  ready.forEach((readyAt, k) => {
    const paced = windows.map((w) =>
      k >= w.limit ? at[k - w.limit]! + w.windowMs : Number.NEGATIVE_INFINITY,
    );
    at.push(Math.max(readyAt, ...paced));
  });
  return at;
}

export const describeWindows = (windows: readonly RateWindow[]): string =>
  windows
    .map((w) => `${w.limit}/${(w.windowMs / 1000).toFixed(w.windowMs % 1000 === 0 ? 0 : 2)} s`)
    .join(' + ');
