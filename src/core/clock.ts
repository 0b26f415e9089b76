// The one clock shape injected wherever time matters (tests move it instead of waiting): epoch ms.

export interface Clock {
  /** Milliseconds since the epoch, as `Date.now()`. */
  now(): number;
}

/** The real clock. */
export const systemClock: Clock = { now: () => Date.now() };
