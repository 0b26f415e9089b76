// Bot Connector failures -> the shared BotError vocabulary, so the notify queue knows whether to wait
// (THROTTLED), retry (TRANSIENT) or stop (the bot was removed from the conversation).
import { BotError, scrubText } from '../../core/index.js';

/** What a failed connector call (an @azure/core-rest-pipeline RestError) tells us. */
interface HttpFailure {
  statusCode?: unknown;
  code?: unknown;
  message?: unknown;
  response?: { headers?: { get?: (name: string) => string | undefined } };
}

const NETWORK_CODES = new Set([
  'REQUEST_SEND_ERROR',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);
const TEAMS_BUSY = 'Teams did not answer; the bot will try again.';
export const BOT_REMOVED_TEXT = 'The bot is no longer in that conversation';

function statusOf(error: unknown): number | undefined {
  const status = (error as HttpFailure | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as HttpFailure | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Retry-After in seconds or as an HTTP date, in ms. */
export function retryAfterMs(error: unknown, now: number = Date.now()): number | undefined {
  const header = (error as HttpFailure | null)?.response?.headers?.get?.('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** True for the answers that mean the bot cannot reach the conversation any more (removed, deleted). */
export function isGoneFailure(error: unknown): boolean {
  const status = statusOf(error);
  return status === 403 || status === 404;
}

/** A log-safe summary of any error: no request objects, headers or tokens. */
export function describeError(error: unknown): Record<string, string | number | undefined> {
  const message = error instanceof Error ? error.message : String(error);
  return {
    name: error instanceof Error ? error.name : typeof error,
    message: scrubText(message).slice(0, 500),
    statusCode: statusOf(error),
    code: codeOf(error),
  };
}

/** Maps whatever a connector call threw; `operation` (e.g. post) goes into details for the logs. */
export function connectorErrorToBotError(error: unknown, operation: string): BotError {
  if (error instanceof BotError) return error;
  const status = statusOf(error);
  const details = { operation, status, connectorCode: codeOf(error) };
  if (status === 429) {
    const wait = retryAfterMs(error);
    return new BotError('THROTTLED', 'Teams asked the bot to slow down; the message will follow shortly.', {
      cause: error,
      ...(wait === undefined ? {} : { retryAfterMs: wait }),
      details,
    });
  }
  if (status === 403) return new BotError('FORBIDDEN', `${BOT_REMOVED_TEXT}.`, { cause: error, details });
  if (status === 404) return new BotError('NOT_FOUND', `${BOT_REMOVED_TEXT}.`, { cause: error, details });
  if (status === 401)
    return new BotError(
      'UNAUTHORIZED',
      "Teams refused the bot's credentials; an admin must check MICROSOFT_APP_ID and its secret.",
      { cause: error, details },
    );
  if ((status !== undefined && status >= 500) || status === 408)
    return new BotError('TRANSIENT', TEAMS_BUSY, { cause: error, details });
  if (status === undefined && NETWORK_CODES.has(codeOf(error) ?? ''))
    return new BotError('TRANSIENT', TEAMS_BUSY, { cause: error, details });
  return new BotError('INTERNAL', 'Teams refused the message.', { cause: error, details });
}
