// One pino logger for the process. Secrets are redacted by configuration, not by discipline:
// any field named like a credential is censored wherever it appears in a log object. The correlation
// id of the work in hand (core/correlation) is added to every line written while it runs.
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { correlationMixin, mergeCorrelation } from './correlation.js';

export type { Logger } from 'pino';

export const REDACTED_PATHS: readonly string[] = [
  '*.authorization',
  '*.Authorization',
  'authorization',
  'headers.authorization',
  '*.headers.authorization',
  'req.headers.authorization',
  'req.headers["x-slack-signature"]',
  'access_token',
  '*.access_token',
  'accessToken',
  '*.accessToken',
  'refresh_token',
  '*.refresh_token',
  'refreshToken',
  '*.refreshToken',
  'id_token',
  '*.id_token',
  'idToken',
  '*.idToken',
  'client_secret',
  '*.client_secret',
  'clientSecret',
  '*.clientSecret',
  'client_assertion',
  '*.client_assertion',
  'password',
  '*.password',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'signingSecret',
  '*.signingSecret',
  'botToken',
  '*.botToken',
  'appToken',
  '*.appToken',
  'encryptionKey',
  '*.encryptionKey',
];

/** Bearer tokens and JWTs that slip into free text (error messages, URLs) are masked too. */
const TOKENISH = /(Bearer\s+)[A-Za-z0-9\-._~+/]+=*|eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;

export function scrubText(text: string): string {
  return text.replace(TOKENISH, (_m, bearer: string | undefined) =>
    bearer ? `${bearer}[Redacted]` : '[Redacted]',
  );
}

export interface CreateLoggerOptions {
  level?: string;
  /**
   * Where to write; defaults to stdout, written asynchronously (see asyncDestination). Tests pass a
   * stream to read what was logged.
   */
  destination?: DestinationStream;
  base?: Record<string, unknown>;
}

/**
 * stdout (fd 1) or a file, written by pino's SonicBoom off the request path: lines logged while a
 * write is in flight go out together in the next one, so a busy process makes one write call per
 * batch instead of one per line (a synchronous write per line cost the web process about a fifth of
 * its CPU at 200 requests/s). The price: a process killed with SIGKILL loses the lines of the batch
 * in flight. Everything that must survive that (the audit trail) is also in Redis. On a normal exit
 * the buffer is flushed.
 */
export type AsyncDestination = ReturnType<typeof pino.destination>;

export function asyncDestination(dest: number | string = 1): AsyncDestination {
  const stream = pino.destination({
    dest,
    sync: false,
    ...(typeof dest === 'string' ? { mkdir: true } : {}),
  });
  process.once('exit', () => {
    try {
      stream.flushSync();
    } catch {
      // Not opened yet, or already closed: nothing buffered to save.
    }
  });
  return stream;
}

let stdout: DestinationStream | undefined;
/** One stdout writer per process, however many loggers use it. */
function stdoutDestination(): DestinationStream {
  stdout ??= asyncDestination(1);
  return stdout;
}

export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const config: LoggerOptions = {
    level: options.level ?? 'info',
    base: options.base ?? { app: 'defbot' },
    redact: { paths: [...REDACTED_PATHS], censor: '[Redacted]' },
    // Child loggers inherit these, so no child needs to bind `correlationId` itself (it would be written twice).
    mixin: correlationMixin,
    mixinMergeStrategy: mergeCorrelation,
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrubText(arg) : arg)) as typeof args;
        method.apply(this, scrubbed);
      },
    },
    serializers: {
      err: (err: unknown) => {
        const serialized = pino.stdSerializers.err(err as Error);
        if (typeof serialized.message === 'string') serialized.message = scrubText(serialized.message);
        if (typeof serialized.stack === 'string') serialized.stack = scrubText(serialized.stack);
        return serialized;
      },
    },
  };
  return pino(config, options.destination ?? stdoutDestination());
}
