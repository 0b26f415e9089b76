// Starts the whole bot in-process (role all by default) against the simulator and a fake Slack,
// on a private Redis key prefix, with a real RBAC file — the way production wires it.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Redis } from 'ioredis';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/core/logger.js';
import { startBot, type RunningBot, type StartBotOptions } from '../../src/runtime/bot.js';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, type Simulator } from '../../src/sim/index.js';
import type { FakeSlack } from './fake-slack.js';
import { TENANT_ID as TEAMS_TENANT_ID } from './teams-activity.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-test-bot-token-000000000000';

export const USERS = {
  viewer: 'U0VIEWER',
  responder: 'U0RESPONDER',
  approver: 'U0APPROVER',
  approver2: 'U0APPROVER2',
  admin: 'U0ADMIN',
  nobody: 'U0NOBODY',
} as const;

export const DEFAULT_RBAC = `
roles:
  viewer: ["slack:${USERS.viewer}"]
  responder: ["slack:${USERS.responder}"]
  approver: ["slack:${USERS.approver}", "slack:${USERS.approver2}"]
  admin: ["slack:${USERS.admin}"]
userContext: optional
approvals:
  ttlMinutes: 60
  actions: [isolate, release, restrict, unrestrict]
`;

export interface TestBot extends RunningBot {
  prefix: string;
  redis: Redis;
  slackEvents: string;
  /** Everything the bot logged, as text. */
  logs(): string;
}

export interface TestBotOptions {
  sim: Simulator;
  slack: FakeSlack;
  rbac?: string;
  env?: Record<string, string>;
  worker?: StartBotOptions['worker'];
  clock?: StartBotOptions['clock'];
}

export async function startTestBot(options: TestBotOptions): Promise<TestBot> {
  const prefix = `test-${randomUUID()}`;
  const dir = await mkdtemp(join(tmpdir(), 'defbot-test-'));
  const rbacFile = join(dir, 'rbac.yaml');
  await writeFile(rbacFile, options.rbac ?? DEFAULT_RBAC);
  const config = loadConfig({
    ROLE: 'all',
    HOST: '127.0.0.1',
    PORT: '0',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: prefix,
    AZURE_TENANT_ID: options.sim.tenantId,
    AZURE_CLIENT_ID: DEFAULT_CLIENT_ID,
    AZURE_CLIENT_SECRET: DEFAULT_CLIENT_SECRET,
    AZURE_AUTHORITY_HOST: options.sim.authorityHost,
    DEFENDER_API_URL: options.sim.defenderApiUrl,
    GRAPH_API_URL: options.sim.graphApiUrl,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: options.slack.apiUrl,
    RBAC_FILE: rbacFile,
    LOG_LEVEL: 'debug',
    // The tenant the test activities come from (teams-activity.ts); the default would be the simulator's.
    TEAMS_ALLOWED_TENANTS: TEAMS_TENANT_ID,
    ...options.env,
  });
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  const logger = createLogger({ level: 'debug', destination: output });
  const bot = await startBot({
    config,
    logger,
    isolatedMetrics: true,
    ...(options.clock ? { clock: options.clock } : {}),
    worker: { lifecycle: { firstPollDelayMs: 200, maxPollDelayMs: 1000 }, ...options.worker },
  });
  // The test's own view of Redis (cleanup, assertions) is the real one even when the bot's is not.
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  return {
    ...bot,
    prefix,
    redis,
    slackEvents: `${bot.url}/slack/events`,
    logs: () => chunks.join(''),
    async close() {
      await bot.close();
      const keys = await redis.keys(`${prefix}:*`);
      for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
      redis.disconnect();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Poll `check` until it returns a value (not undefined) or time runs out. */
export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
