// Open-loop load: requests leave on a fixed schedule whatever the server does (a slow answer never
// delays the next send), so queueing in the server shows up in the latencies instead of hiding.
import { performance } from 'node:perf_hooks';

export interface PreparedRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * The requests of a run, by index. An array fits; a long run builds each one only when it is due
 * (Slack refuses a signature older than five minutes, so a soak cannot sign everything up front).
 */
export interface RequestSource {
  readonly length: number;
  at(index: number): PreparedRequest | undefined;
}

/** One request's answer: undefined after a transport error or timeout. */
export interface Answer {
  status: number;
  latencyMs: number;
  bytes: number;
}

export interface LoadOutcome {
  /** ms from the send call to the whole response body received, for 2xx answers. */
  latencies: number[];
  /** Answers outside 2xx, and transport errors (counted separately). */
  non2xx: number;
  errors: number;
  /** Transport errors by reason (TimeoutError, ECONNRESET…), to tell a stalled server from a refused one. */
  errorReasons: Record<string, number>;
  /** Worst lateness of a send behind its schedule (the generator's own limit). */
  maxSendLagMs: number;
  durationMs: number;
  /** performance.now() at each request's send, by its index (to time what a request sets off elsewhere). */
  sentAt: number[];
}

export interface LoadOptions {
  timeoutMs?: number;
  /** Told of every answer by request index (to check what each request set off). */
  onAnswer?: (index: number, answer: Answer | undefined) => void;
}

const TICK_MS = 5;

/** fetch rejects with a TypeError whose cause carries the socket's code; a timeout is a TimeoutError. */
function errorReason(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown';
  const cause: unknown = error.cause;
  const code =
    typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined;
  return code ?? error.name;
}

/** Sends `requests` at `ratePerSecond` and resolves when every answer is in (or failed). */
/** An outcome with nothing measured yet (what a run or a sum of runs starts from). */
export function emptyOutcome(): LoadOutcome {
  return {
    latencies: [],
    non2xx: 0,
    errors: 0,
    errorReasons: {},
    maxSendLagMs: 0,
    durationMs: 0,
    sentAt: [],
  };
}

export function runOpenLoop(
  requests: RequestSource,
  ratePerSecond: number,
  options: LoadOptions = {},
): Promise<LoadOutcome> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const outcome = emptyOutcome();
  let pending = 0;
  let allSent = false;
  let finish: (() => void) | undefined;
  const start = performance.now();

  const settled = (): void => {
    pending -= 1;
    if (allSent && pending === 0) finish?.();
  };

  const send = (request: PreparedRequest, index: number): void => {
    const sentAt = performance.now();
    outcome.sentAt[index] = sentAt;
    pending += 1;
    fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(timeoutMs),
    })
      .then(async (response) => {
        const body = await response.arrayBuffer();
        const latencyMs = performance.now() - sentAt;
        if (response.status >= 200 && response.status < 300) outcome.latencies.push(latencyMs);
        else outcome.non2xx += 1;
        options.onAnswer?.(index, { status: response.status, latencyMs, bytes: body.byteLength });
      })
      .catch((error: unknown) => {
        outcome.errors += 1;
        const reason = errorReason(error);
        outcome.errorReasons[reason] = (outcome.errorReasons[reason] ?? 0) + 1;
        options.onAnswer?.(index, undefined);
      })
      .finally(settled);
  };

  return new Promise((resolve) => {
    finish = () => {
      outcome.durationMs = performance.now() - start;
      resolve(outcome);
    };
    let next = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      // Every request whose scheduled time has come goes out now (a late tick sends a batch).
      while (next < requests.length && start + (next * 1000) / ratePerSecond <= now) {
        outcome.maxSendLagMs = Math.max(outcome.maxSendLagMs, now - (start + (next * 1000) / ratePerSecond));
        const request = requests.at(next);
        if (request === undefined)
          throw new Error(`request source has no request ${next} of ${requests.length}`);
        send(request, next);
        next += 1;
      }
      if (next < requests.length) return;
      clearInterval(timer);
      allSent = true;
      if (pending === 0) finish?.();
    }, TICK_MS);
  });
}
