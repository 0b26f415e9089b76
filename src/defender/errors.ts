// Maps MDE HTTP failures onto the bot's small error vocabulary with messages a chat user can act on.
import { BotError } from '../core/errors.js';
import type { EndpointInfo } from './endpoints.js';
import { mdeErrorSchema } from './types.js';
import type { TokenContext } from '../core/tokens.js';

export interface MdeFailure {
  status: number;
  body: unknown;
  retryAfterHeader: string | null;
  endpoint: EndpointInfo;
  context: TokenContext;
}

const PERMISSION_PATTERN =
  /\b(?:Machine|Alert|AdvancedQuery|Ti|Vulnerability|Software|Library)\.[A-Za-z]+(?:\.All)?\b/;

/** Retry-After is seconds (or an HTTP date); default to a minute when MDE gives neither. */
export function parseRetryAfterMs(header: string | null, nowMs = Date.now()): number {
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
  }
  return 60_000;
}

export function mapMdeFailure(failure: MdeFailure): BotError {
  const parsed = mdeErrorSchema.safeParse(failure.body);
  const mdeCode = parsed.success ? parsed.data.error.code : undefined;
  const mdeMessage = parsed.success ? parsed.data.error.message : undefined;
  const details = { status: failure.status, mdeCode, endpoint: failure.endpoint.name };
  const cause = mdeMessage ?? `HTTP ${failure.status}`;
  const { status } = failure;

  if (status === 429) {
    const retryAfterMs = parseRetryAfterMs(failure.retryAfterHeader);
    return new BotError(
      'THROTTLED',
      `Defender is rate-limiting the bot; try again in ${Math.ceil(retryAfterMs / 1000)} s.`,
      { retryAfterMs, details, cause },
    );
  }
  if (status >= 500) {
    return new BotError(
      'TRANSIENT',
      `Defender answered with an error (HTTP ${status}); the bot will retry.`,
      {
        details,
        cause,
      },
    );
  }
  if (status === 404) {
    return new BotError('NOT_FOUND', mdeMessage ?? 'Defender has no such item.', { details, cause });
  }
  if (status === 401) {
    return new BotError(
      'UNAUTHORIZED',
      'Defender refused the bot’s credentials. An admin should check the app registration.',
      {
        details,
        cause,
      },
    );
  }
  if (status === 403) {
    const permission = mdeMessage?.match(PERMISSION_PATTERN)?.[0] ?? failure.endpoint.appPermission;
    const message =
      failure.context === 'user'
        ? `Defender refused: your account lacks the MDE permission needed here (“${failure.endpoint.userRole}” on this device’s group, and ${permission} consented for the bot).`
        : `Defender refused: the bot’s app registration lacks the application permission ${permission}. An admin must grant it (with admin consent).`;
    return new BotError('FORBIDDEN', message, { details: { ...details, permission }, cause });
  }
  if (status === 400 && mdeCode === 'ActiveRequestAlreadyExists') {
    return new BotError(
      'ACTIVE_REQUEST_EXISTS',
      'An action of this kind is already pending on that machine.',
      {
        details,
        cause,
      },
    );
  }
  return new BotError('INVALID_INPUT', `Defender rejected the request: ${mdeMessage ?? `HTTP ${status}`}`, {
    details,
    cause,
  });
}
