// The error vocabulary every layer shares. Expected failures carry a stable code and a message
// written for the chat user; `cause` keeps the technical detail for logs (never for cards).

export type ErrorCode =
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  | 'AMBIGUOUS'
  | 'FORBIDDEN'
  | 'UNAUTHORIZED'
  | 'THROTTLED'
  | 'TRANSIENT'
  | 'CONFLICT'
  | 'ACTIVE_REQUEST_EXISTS'
  | 'UNAVAILABLE'
  | 'INTERNAL';

export interface BotErrorOptions {
  cause?: unknown;
  /** For THROTTLED: how long the caller must wait before trying again. */
  retryAfterMs?: number;
  /** Small, non-secret facts for logs and tests (status code, MDE error code, permission name...). */
  details?: Readonly<Record<string, string | number | boolean | undefined>>;
}

export class BotError extends Error {
  override readonly name = 'BotError';
  readonly code: ErrorCode;
  /** Plain words safe to show in a chat card. */
  readonly userMessage: string;
  readonly retryAfterMs: number | undefined;
  readonly details: Readonly<Record<string, string | number | boolean | undefined>>;

  constructor(code: ErrorCode, userMessage: string, options: BotErrorOptions = {}) {
    super(userMessage, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.userMessage = userMessage;
    this.retryAfterMs = options.retryAfterMs;
    this.details = options.details ?? {};
  }

  /** Whether trying the same request again later can succeed. */
  get retryable(): boolean {
    return this.code === 'THROTTLED' || this.code === 'TRANSIENT' || this.code === 'UNAVAILABLE';
  }
}

export function isBotError(value: unknown): value is BotError {
  return value instanceof BotError;
}

/** Wraps anything thrown into a BotError without losing the original as `cause`. */
export function asBotError(value: unknown): BotError {
  if (isBotError(value)) return value;
  return new BotError(
    'INTERNAL',
    'Something went wrong inside the bot. The team has the details in the logs.',
    {
      cause: value,
    },
  );
}
