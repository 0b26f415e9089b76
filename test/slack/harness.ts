// A real HTTP server (createHttpServer) with the Slack adapter mounted, a fake Slack Web API behind it,
// a recording InteractionHandler and a logger whose every line the test can read.
import { PassThrough } from 'node:stream';
import { Redis } from 'ioredis';
import type { ImmediateAnswer, InteractionHandler } from '../../src/app/types.js';
import type { SlackConfig } from '../../src/config/types.js';
import { createLogger, type AdaptiveCardJson, type Interaction, type Logger, type Reply } from '../../src/core/index.js';
import { createMetricsRegistry } from '../../src/metrics/index.js';
import { createHttpServer, type HttpServer } from '../../src/server.js';
import { createBoltLogger, createSlackAdapter, createSlackReply, createSlackWebClient, type SlackAdapter, type SlackAdapterOptions } from '../../src/chat/slack/index.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';

export const SIGNING_SECRET = 'test-signing-secret-8f2d1c0b9a';
export const BOT_TOKEN = 'xoxb-1111-2222-testbottokenvalue';

export interface CapturedLog {
  logger: Logger;
  text(): string;
}

export function captureLog(level = 'debug'): CapturedLog {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { logger: createLogger({ level, destination: stream }), text: () => chunks.join('') };
}

export function slackConfig(apiUrl: string, overrides: Partial<SlackConfig> = {}): SlackConfig {
  return { signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, apiUrl, appToken: undefined, allowedTeams: undefined, ...overrides };
}

export interface Harness {
  eventsUrl: string;
  base: string;
  fake: FakeSlack;
  adapter: SlackAdapter;
  seen: Interaction[];
  log: CapturedLog;
  /** What the handler answers next (or throws, or waits for). */
  answerWith(next: (interaction: Interaction) => Promise<ImmediateAnswer>): void;
  close(): Promise<void>;
}

export async function startHarness(options: Partial<SlackAdapterOptions> = {}): Promise<Harness> {
  const fake = await startFakeSlack({ botToken: BOT_TOKEN });
  const log = captureLog();
  const seen: Interaction[] = [];
  let next: (interaction: Interaction) => Promise<ImmediateAnswer> = () => Promise.resolve({ visibility: 'none' });
  const handler: InteractionHandler = (interaction) => {
    seen.push(interaction);
    return next(interaction);
  };
  const adapter = createSlackAdapter({ config: slackConfig(fake.apiUrl), handler, logger: log.logger, ...options });
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
  const server: HttpServer = createHttpServer({
    config: { host: '127.0.0.1', port: 0 },
    logger: log.logger,
    redis,
    registry: createMetricsRegistry().registry,
    mountChatRoutes: (app) => adapter.mount(app),
  });
  const { port } = await server.listen();
  const base = `http://127.0.0.1:${port}`;
  return {
    eventsUrl: `${base}/slack/events`,
    base,
    fake,
    adapter,
    seen,
    log,
    answerWith: (fn) => void (next = fn),
    async close() {
      await adapter.stop();
      await server.close();
      await fake.close();
      redis.disconnect();
    },
  };
}

/** The real Slack Reply port, talking to the (fake) Web API at `apiUrl`, logging to `logger`. */
export function slackReplyFor(apiUrl: string, logger: Logger): Reply {
  return createSlackReply(createSlackWebClient(slackConfig(apiUrl), createBoltLogger(logger, [BOT_TOKEN])), logger);
}

export function card(text: string): AdaptiveCardJson {
  return { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text, wrap: true }] };
}
