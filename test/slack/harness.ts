// A real HTTP server (createHttpServer) with the Slack adapter mounted, a fake Slack Web API behind it,
// real Redis for the email cache, a recording InteractionHandler, the bot's metrics and a logger whose
// every line the test can read.
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { Redis } from 'ioredis';
import type { ImmediateAnswer, InteractionHandler } from '../../src/app/types.js';
import type { SlackConfig } from '../../src/config/types.js';
import {
  createLogger,
  type AdaptiveCardJson,
  type Interaction,
  type Logger,
  type Reply,
} from '../../src/core/index.js';
import { createMetricsRegistry, type Metrics } from '../../src/metrics/index.js';
import { createHttpServer, type HttpServer } from '../../src/server.js';
import {
  createBoltLogger,
  createSlackAdapter,
  createSlackReply,
  createSlackWebClient,
  type SlackAdapter,
  type SlackAdapterOptions,
} from '../../src/chat/slack/index.js';
import { startFakeSlack, type FakeSlack, type FakeSlackOptions } from '../helpers/fake-slack.js';

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
  return {
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
    apiUrl,
    appToken: undefined,
    allowedTeams: undefined,
    ...overrides,
  };
}

export interface Harness {
  eventsUrl: string;
  base: string;
  fake: FakeSlack;
  adapter: SlackAdapter;
  seen: Interaction[];
  log: CapturedLog;
  /** The metrics the adapter counts into. */
  metrics: Metrics;
  /** The Redis key prefix the adapter was given. */
  prefix: string;
  redis: Redis;
  /** What the handler answers next (or throws, or waits for). */
  answerWith(next: (interaction: Interaction) => Promise<ImmediateAnswer>): void;
  close(): Promise<void>;
}

export interface HarnessSetup {
  /** The fake's options (e.g. the team auth.test names). */
  fake?: FakeSlackOptions;
  /** SLACK_ALLOWED_TEAMS (default: unset, learned from auth.test). */
  allowedTeams?: readonly string[];
  /** Runs before the adapter is mounted, i.e. before its first auth.test (e.g. fake.failNext). */
  beforeMount?: (fake: FakeSlack) => void;
}

export async function startHarness(
  options: Partial<SlackAdapterOptions> = {},
  setup: HarnessSetup = {},
): Promise<Harness> {
  const fake = await startFakeSlack({ botToken: BOT_TOKEN, ...setup.fake });
  setup.beforeMount?.(fake);
  const log = captureLog();
  const seen: Interaction[] = [];
  let next: (interaction: Interaction) => Promise<ImmediateAnswer> = () =>
    Promise.resolve({ visibility: 'none' });
  const handler: InteractionHandler = (interaction) => {
    seen.push(interaction);
    return next(interaction);
  };
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
  const prefix = `test-slack-${randomUUID()}`;
  const { registry, metrics } = createMetricsRegistry();
  const adapter = createSlackAdapter({
    config: slackConfig(fake.apiUrl, { allowedTeams: setup.allowedTeams }),
    handler,
    logger: log.logger,
    redis,
    prefix,
    metrics,
    ...options,
  });
  const server: HttpServer = createHttpServer({
    config: { host: '127.0.0.1', port: 0 },
    logger: log.logger,
    redis,
    registry,
    mountChatRoutes: (app) => adapter.mount(app),
  });
  const { port } = await server.listen();
  // As the bot does at start: learn the workspace (auth.test) before the first request.
  await adapter.start();
  const base = `http://127.0.0.1:${port}`;
  return {
    eventsUrl: `${base}/slack/events`,
    base,
    fake,
    adapter,
    seen,
    log,
    metrics,
    prefix,
    redis,
    answerWith: (fn) => void (next = fn),
    async close() {
      await adapter.stop();
      await server.close();
      await fake.close();
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    },
  };
}

/** The real Slack Reply port, talking to the (fake) Web API at `apiUrl`, logging to `logger`. */
export function slackReplyFor(apiUrl: string, logger: Logger): Reply {
  return createSlackReply(
    createSlackWebClient(slackConfig(apiUrl), createBoltLogger(logger, [BOT_TOKEN])),
    logger,
  );
}

export function card(text: string): AdaptiveCardJson {
  return { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text, wrap: true }] };
}
