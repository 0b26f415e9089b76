// Starts the real bot (startBot, role all: Slack front door, dispatcher, BullMQ workers) against a
// simulator and a fake Slack, on a private Redis key prefix that is deleted again on close.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/core/logger.js';
import { startBot, type StartBotOptions } from '../../src/runtime/bot.js';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '../../src/sim/index.js';

export const SIGNING_SECRET = 'bench-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-bench-bot-token-000000000000';
export const USERS = { viewer: 'U0BENCHVIEW', responder: 'U0BENCHRESP' } as const;

const RBAC = `
roles:
  viewer: ["slack:${USERS.viewer}"]
  responder: ["slack:${USERS.responder}"]
  approver: []
  admin: []
userContext: off
approvals:
  ttlMinutes: 60
  actions: [isolate, release, restrict, unrestrict]
`;

export interface BenchBotTargets {
  simUrl: string;
  tenantId: string;
  slackApiUrl: string;
}

export interface BenchBot {
  url: string;
  slackEvents: string;
  prefix: string;
  /** The bot's log file (level info), kept until close. */
  logFile: string;
  close(): Promise<void>;
}

/** Deletes every key under `prefix:` (SCAN, not KEYS, so a shared Redis is not blocked). */
export async function deleteKeys(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.del(...keys);
  } while (cursor !== '0');
  return deleted;
}

export async function startBenchBot(targets: BenchBotTargets, worker?: StartBotOptions['worker']): Promise<BenchBot> {
  const prefix = `bench-${randomUUID()}`;
  const dir = await mkdtemp(join(tmpdir(), 'defbot-bench-'));
  const rbacFile = join(dir, 'rbac.yaml');
  await writeFile(rbacFile, RBAC);
  const config = loadConfig({
    ROLE: 'all',
    HOST: '127.0.0.1',
    PORT: '0',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: prefix,
    AZURE_TENANT_ID: targets.tenantId,
    AZURE_CLIENT_ID: DEFAULT_CLIENT_ID,
    AZURE_CLIENT_SECRET: DEFAULT_CLIENT_SECRET,
    AZURE_AUTHORITY_HOST: targets.simUrl,
    DEFENDER_API_URL: targets.simUrl,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: targets.slackApiUrl,
    RBAC_FILE: rbacFile,
    LOG_LEVEL: 'info',
  });
  // Production logs at info to a stream; a file keeps the benchmark's terminal readable.
  const logFile = join(dir, 'bot.log');
  const output = createWriteStream(logFile);
  const logger = createLogger({ level: 'info', destination: output });
  const bot = await startBot({ config, logger, isolatedMetrics: true, ...(worker ? { worker } : {}) });
  return {
    url: bot.url,
    slackEvents: `${bot.url}/slack/events`,
    prefix,
    logFile,
    async close() {
      await bot.close();
      const redis = new Redis(config.redisUrl);
      try {
        await deleteKeys(redis, prefix);
      } finally {
        redis.disconnect();
      }
      await new Promise<void>((resolve) => output.end(resolve));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
