// Memory growth over a soak: the mean of a window at the end against the mean of a window at the
// start, so one sample caught before or after a garbage collection does not decide the figure.

export interface TimedValue {
  /** ms since the measured run began. */
  atMs: number;
  value: number;
}

export const mean = (values: readonly number[]): number =>
  values.length === 0 ? Number.NaN : values.reduce((sum, v) => sum + v, 0) / values.length;

/** The smallest value: under a garbage-collected heap's saw-tooth, the floor it returns to. */
export const floor = (values: readonly number[]): number =>
  values.length === 0 ? Number.NaN : Math.min(...values);

const between = (samples: readonly TimedValue[], fromMs: number, toMs: number): number[] =>
  samples.filter((s) => s.atMs >= fromMs && s.atMs <= toMs).map((s) => s.value);

export interface Growth {
  first: number;
  last: number;
  /** (last − first) / first × 100. */
  percent: number;
}

/** First window [0, w] against last window [duration − w, duration], each summed up by `of` (the mean unless told). */
export function growth(
  samples: readonly TimedValue[],
  durationMs: number,
  windowMs: number,
  of: (values: readonly number[]) => number = mean,
): Growth {
  const first = of(between(samples, 0, windowMs));
  const last = of(between(samples, durationMs - windowMs, durationMs));
  return { first, last, percent: ((last - first) / first) * 100 };
}

/**
 * The values per `stepMs` from 0: [0, step), [step, 2·step)…; a remainder shorter than half a step
 * joins the last one. For a coarse curve in the notes.
 */
export function perStep(samples: readonly TimedValue[], durationMs: number, stepMs: number): number[][] {
  const steps = Math.max(1, Math.round(durationMs / stepMs));
  return Array.from({ length: steps }, (_, i) => {
    const from = i * stepMs;
    const last = i === steps - 1;
    return samples
      .filter((s) => s.atMs >= from && (last ? s.atMs <= durationMs : s.atMs < from + stepMs))
      .map((s) => s.value);
  });
}
