// Open-loop load: requests leave on a fixed schedule whatever the server does (a slow answer never
// delays the next send), so queueing in the server shows up in the latencies instead of hiding.
import { performance } from 'node:perf_hooks';

export interface PreparedRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface LoadOutcome {
  /** ms from the send call to the whole response body received, for 2xx answers. */
  latencies: number[];
  /** Answers outside 2xx, and transport errors (counted separately). */
  non2xx: number;
  errors: number;
  /** Worst lateness of a send behind its schedule (the generator's own limit). */
  maxSendLagMs: number;
  durationMs: number;
  /** performance.now() at each request's send, by its index (to time what a request sets off elsewhere). */
  sentAt: number[];
}

const TICK_MS = 5;

/** Sends `requests` at `ratePerSecond` and resolves when every answer is in (or failed). */
export function runOpenLoop(requests: readonly PreparedRequest[], ratePerSecond: number, timeoutMs = 10_000): Promise<LoadOutcome> {
  const outcome: LoadOutcome = { latencies: [], non2xx: 0, errors: 0, maxSendLagMs: 0, durationMs: 0, sentAt: [] };
  const inFlight: Promise<void>[] = [];
  const start = performance.now();

  const send = (request: PreparedRequest, index: number): Promise<void> => {
    const sentAt = performance.now();
    outcome.sentAt[index] = sentAt;
    return fetch(request.url, { method: 'POST', headers: request.headers, body: request.body, signal: AbortSignal.timeout(timeoutMs) })
      .then(async (response) => {
        await response.arrayBuffer();
        if (response.status >= 200 && response.status < 300) outcome.latencies.push(performance.now() - sentAt);
        else outcome.non2xx += 1;
      })
      .catch(() => {
        outcome.errors += 1;
      });
  };

  return new Promise((resolve) => {
    let next = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      // Every request whose scheduled time has come goes out now (a late tick sends a batch).
      while (next < requests.length && start + (next * 1000) / ratePerSecond <= now) {
        outcome.maxSendLagMs = Math.max(outcome.maxSendLagMs, now - (start + (next * 1000) / ratePerSecond));
        inFlight.push(send(requests[next]!, next));
        next += 1;
      }
      if (next < requests.length) return;
      clearInterval(timer);
      void Promise.all(inFlight).then(() => {
        outcome.durationMs = performance.now() - start;
        resolve(outcome);
      });
    }, TICK_MS);
  });
}
