// Routes Bolt's and the Web API client's own log lines into our pino logger, with the Slack
// credentials masked: Bolt prints request details at debug level, and xox* tokens are not Bearer-shaped.
import { format } from 'node:util';
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import { scrubText, type Logger } from '../../core/index.js';

const SLACK_TOKENISH = /\bx(?:ox[abeoprs]|app)-[A-Za-z0-9-]+/g;

/** Masks the configured secrets and anything shaped like a Slack token in free text. */
export function maskSlackSecrets(text: string, secrets: readonly string[]): string {
  let masked = text;
  for (const secret of secrets) if (secret.length >= 8) masked = masked.split(secret).join('[Redacted]');
  return scrubText(masked.replace(SLACK_TOKENISH, '[Redacted]'));
}

function boltLevelOf(logger: Logger): LogLevel {
  const level = logger.levelVal;
  if (level <= 20) return LogLevel.DEBUG;
  if (level <= 30) return LogLevel.INFO;
  if (level <= 40) return LogLevel.WARN;
  return LogLevel.ERROR;
}

export function createBoltLogger(logger: Logger, secrets: readonly string[]): BoltLogger {
  const child = logger.child({ component: 'slack-sdk' });
  const line = (args: unknown[]): string => maskSlackSecrets(format(...args), secrets);
  // Bolt logs several debug lines per request: format and mask only what will be written.
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]): void => {
      if (child.isLevelEnabled(level)) child[level](line(args));
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    // Our logger's level rules; Bolt may ask but not change it.
    setLevel: () => undefined,
    getLevel: () => boltLevelOf(logger),
    setName: () => undefined,
  };
}
