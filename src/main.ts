// Composition root: loads the config, builds the shared services for the role (web | worker | all),
// serves HTTP, and closes everything in reverse order on SIGTERM/SIGINT.
import { APPROVABLE_VERBS } from './commands/index.js';
import { isConfigError, loadConfig, type Config } from './config/index.js';
import { createLogger, scrubText, type Logger } from './core/index.js';
import { startBot } from './runtime/bot.js';

/** A started service; closed in reverse start order at shutdown. */
interface Closeable {
  name: string;
  close(): Promise<void>;
}

const SHUTDOWN_DEADLINE_MS = 10_000;

function loadConfigOrExit(): Config {
  try {
    // approvals.actions may name only the verbs the command registry declares approvable.
    return loadConfig(process.env, { approvableVerbs: APPROVABLE_VERBS });
  } catch (error) {
    if (!isConfigError(error)) throw error;
    for (const problem of error.problems) process.stderr.write(`config: ${problem}\n`);
    process.exit(1);
  }
}

function stopOnSignals(services: Closeable[], logger: Logger): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error({ deadlineMs: SHUTDOWN_DEADLINE_MS }, 'shutdown deadline passed, forcing exit');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    for (const service of [...services].reverse()) {
      await service
        .close()
        .catch((err: unknown) => logger.error({ err, service: service.name }, 'close failed'));
    }
    logger.info('stopped');
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, (s) => void stop(s));
}

function describe(config: Config, port: number, metricsPort: number | undefined): Record<string, unknown> {
  return {
    role: config.role,
    host: config.host,
    port,
    // Where /metrics is and whether it is guarded; never the token itself.
    metrics: `${metricsPort === undefined ? 'on the chat port' : `port ${metricsPort}`}, ${config.metrics.token ? 'bearer token required' : 'open'}`,
    queuePrefix: config.queuePrefix,
    slack: config.slack ? (config.slack.appToken ? 'on (socket mode)' : 'on') : 'off',
    teamsAuth: config.teams.appId
      ? 'on'
      : config.teams.allowUnauthenticated
        ? 'off (unauthenticated, loopback only)'
        : 'off (no MICROSOFT_APP_ID)',
    azure: config.azure ? `configured (${config.azure.credential.kind})` : 'not configured',
    rbacFile: config.rbacFile ?? 'none (nobody has any role)',
  };
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger({ level: config.logLevel });
  const services: Closeable[] = [];
  stopOnSignals(services, logger);
  const bot = await startBot({ config, logger });
  services.push({ name: 'bot', close: () => bot.close() });
  logger.info(describe(config, bot.port, bot.metricsPort), 'defbot started');
}

main().catch((err: unknown) => {
  process.stderr.write(
    `defbot failed to start: ${scrubText(err instanceof Error ? err.message : String(err))}\n`,
  );
  process.exit(1);
});
