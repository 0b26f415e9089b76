// Routes msal-node's own logging into our logger with PII logging off; anything MSAL marks as
// containing PII is dropped rather than trusted to redaction.
import { LogLevel, type Configuration } from '@azure/msal-node';
import type { Logger } from '../core/logger.js';
import { scrubText } from '../core/logger.js';

type LoggerOptions = NonNullable<NonNullable<Configuration['system']>['loggerOptions']>;

export function msalLoggerOptions(logger: Logger): LoggerOptions {
  return {
    piiLoggingEnabled: false,
    logLevel: logger.isLevelEnabled('debug') ? LogLevel.Verbose : LogLevel.Warning,
    loggerCallback(level, message, containsPii) {
      if (containsPii) return;
      const line = { component: 'msal' };
      const text = scrubText(message);
      if (level === LogLevel.Error) logger.error(line, text);
      else if (level === LogLevel.Warning) logger.warn(line, text);
      else logger.debug(line, text);
    },
  };
}
