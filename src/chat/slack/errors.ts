// Slack Web API failures -> the shared BotError vocabulary, so the notify queue knows whether to wait
// (THROTTLED), retry (TRANSIENT) or give up with words the user can act on.
import { webApi } from '@slack/bolt';
import { BotError } from '../../core/index.js';

const PERMANENT: Readonly<Record<string, { code: 'NOT_FOUND' | 'FORBIDDEN'; message: string }>> = {
  channel_not_found: {
    code: 'NOT_FOUND',
    message: 'The bot cannot see that channel; invite it with /invite @defbot.',
  },
  not_in_channel: {
    code: 'FORBIDDEN',
    message: 'The bot is not in that channel; invite it with /invite @defbot.',
  },
  is_archived: { code: 'FORBIDDEN', message: 'That channel is archived, so the bot cannot post there.' },
  account_inactive: {
    code: 'FORBIDDEN',
    message: "The bot's Slack account is inactive; an admin must reinstall the app.",
  },
  invalid_auth: {
    code: 'FORBIDDEN',
    message: "Slack refused the bot's token; an admin must check SLACK_BOT_TOKEN.",
  },
  not_authed: {
    code: 'FORBIDDEN',
    message: "Slack refused the bot's token; an admin must check SLACK_BOT_TOKEN.",
  },
  token_revoked: {
    code: 'FORBIDDEN',
    message: "The bot's Slack token was revoked; an admin must reinstall the app.",
  },
  message_not_found: { code: 'NOT_FOUND', message: 'That Slack message no longer exists.' },
  cant_update_message: { code: 'FORBIDDEN', message: 'The bot cannot change that Slack message.' },
  user_not_in_channel: {
    code: 'FORBIDDEN',
    message: 'That user is not in the channel, so the bot cannot show them a private message there.',
  },
};

const SLACK_BUSY = 'Slack did not answer; the bot will try again.';

function throttled(retryAfterSeconds: number | undefined, cause: unknown, method: string): BotError {
  return new BotError('THROTTLED', 'Slack asked the bot to slow down; the message will follow shortly.', {
    cause,
    ...(retryAfterSeconds === undefined ? {} : { retryAfterMs: retryAfterSeconds * 1000 }),
    details: { method },
  });
}

function fromPlatformError(error: webApi.WebAPIPlatformError, method: string): BotError {
  const slackError = error.data.error;
  if (slackError === 'ratelimited') {
    const retryAfter = error.data.response_metadata?.retryAfter;
    return throttled(typeof retryAfter === 'number' ? retryAfter : undefined, error, method);
  }
  const permanent = PERMANENT[slackError];
  if (permanent)
    return new BotError(permanent.code, permanent.message, { cause: error, details: { method, slackError } });
  if (
    slackError === 'internal_error' ||
    slackError === 'fatal_error' ||
    slackError === 'service_unavailable' ||
    slackError === 'request_timeout'
  ) {
    return new BotError('TRANSIENT', SLACK_BUSY, { cause: error, details: { method, slackError } });
  }
  return new BotError('INTERNAL', 'Slack refused the message.', {
    cause: error,
    details: { method, slackError },
  });
}

/** Maps whatever a WebClient call threw; `method` (e.g. chat.update) goes into details for the logs. */
export function slackErrorToBotError(error: unknown, method: string): BotError {
  if (error instanceof BotError) return error;
  if (error instanceof webApi.WebAPIRateLimitedError) return throttled(error.retryAfter, error, method);
  if (error instanceof webApi.WebAPIPlatformError) return fromPlatformError(error, method);
  if (error instanceof webApi.WebAPIHTTPError) {
    if (error.statusCode === 429) return throttled(undefined, error, method);
    const code = error.statusCode >= 500 ? 'TRANSIENT' : 'INTERNAL';
    return new BotError(code, code === 'TRANSIENT' ? SLACK_BUSY : 'Slack refused the message.', {
      cause: error,
      details: { method, status: error.statusCode },
    });
  }
  if (error instanceof webApi.WebAPIRequestError)
    return new BotError('TRANSIENT', SLACK_BUSY, { cause: error, details: { method } });
  return new BotError('INTERNAL', 'Sending to Slack failed.', { cause: error, details: { method } });
}
