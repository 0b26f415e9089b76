// One chat user sending the same signed slash command at a fixed rate until told to stop. Open loop:
// requests leave on schedule whatever the bot does, each built and signed when due. Every ack is
// sorted: taken (the bot enqueued it), refused by the per-person rate ("Slow down"), another answer
// outside 2xx, or a transport error.
import { performance } from 'node:perf_hooks';
import { signSlackRequest, slashCommandBody } from '../../test/helpers/slack-signing.js';

export interface FloodOptions {
  /** The bot's /slack/events. */
  url: string;
  signingSecret: string;
  text: string;
  userId: string;
  channelId: string;
  ratePerSecond: number;
  /** The response_url of the i-th command. */
  responseUrl: (index: number) => string;
}

export interface FloodOutcome {
  sent: number;
  taken: number;
  slowDown: number;
  non2xx: number;
  errors: number;
  /** Epoch ms of the first and last send. */
  firstSentAt: number;
  lastSentAt: number;
}

export interface Flood {
  /** Sends no more, waits for the answers still out, and says how they went. */
  stop(): Promise<FloodOutcome>;
}

const TICK_MS = 5;
const ACK_TIMEOUT_MS = 10_000;

export function startFlood(options: FloodOptions): Flood {
  const outcome: FloodOutcome = {
    sent: 0,
    taken: 0,
    slowDown: 0,
    non2xx: 0,
    errors: 0,
    firstSentAt: Number.NaN,
    lastSentAt: Number.NaN,
  };
  const inFlight = new Set<Promise<void>>();

  const send = (index: number): void => {
    const body = slashCommandBody({
      text: options.text,
      user_id: options.userId,
      channel_id: options.channelId,
      response_url: options.responseUrl(index),
    });
    const headers = {
      ...signSlackRequest(options.signingSecret, body),
      'content-type': 'application/x-www-form-urlencoded',
    };
    const now = Date.now();
    if (outcome.sent === 0) outcome.firstSentAt = now;
    outcome.lastSentAt = now;
    outcome.sent += 1;
    const answered = fetch(options.url, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(ACK_TIMEOUT_MS),
    })
      .then(async (response) => {
        const text = await response.text();
        if (response.status < 200 || response.status >= 300) outcome.non2xx += 1;
        else if (/Slow down/.test(text)) outcome.slowDown += 1;
        else outcome.taken += 1;
      })
      .catch(() => {
        outcome.errors += 1;
      })
      .finally(() => inFlight.delete(answered));
    inFlight.add(answered);
  };

  const start = performance.now();
  let next = 0;
  const timer = setInterval(() => {
    // Every send whose time has come goes now (a late tick sends the overdue batch).
    while (start + (next * 1000) / options.ratePerSecond <= performance.now()) {
      send(next);
      next += 1;
    }
  }, TICK_MS);

  return {
    async stop() {
      clearInterval(timer);
      await Promise.all([...inFlight]);
      return outcome;
    },
  };
}
