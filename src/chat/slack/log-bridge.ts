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
  return {
    debug: (...args: unknown[]) => child.debug(line(args)),
    info: (...args: unknown[]) => child.info(line(args)),
    warn: (...args: unknown[]) => child.warn(line(args)),
    error: (...args: unknown[]) => child.error(line(args)),
    // Our logger's level rules; Bolt may ask but not change it.
    setLevel: () => undefined,
    getLevel: () => boltLevelOf(logger),
    setName: () => undefined,
  };
}
