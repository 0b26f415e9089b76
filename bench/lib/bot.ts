// Starts the real bot (startBot in a chosen role: all, or web / worker as production splits them)
// against a simulator and a fake Slack, on a Redis key prefix that is deleted again when no longer used.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { loadConfig } from '../../src/config/index.js';
import { asyncDestination, createLogger } from '../../src/core/logger.js';
import { startBot, type StartBotOptions } from '../../src/runtime/bot.js';
import { simBotEnv, type SimTargets } from './bot-env.js';

export const SIGNING_SECRET = 'bench-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-bench-bot-token-000000000000';
export const USERS = { viewer: 'U0BENCHVIEW', responder: 'U0BENCHRESP', approver: 'U0BENCHAPPR' } as const;
/** The Teams user of the teams-turn benchmark (the sender of test/helpers/teams-activity.ts). */
export const TEAMS_VIEWER = '29:1alice-teams-id';

const RBAC = `
roles:
  viewer: ["slack:${USERS.viewer}", "teams:${TEAMS_VIEWER}"]
  responder: ["slack:${USERS.responder}"]
  approver: ["slack:${USERS.approver}"]
  admin: []
userContext: off
approvals:
  ttlMinutes: 60
  actions: [isolate, release, restrict, unrestrict]
`;

export type BenchBotTargets = SimTargets;

export type BenchRole = 'all' | 'web' | 'worker';

export interface BenchBotOptions {
  role?: BenchRole;
  /**
   * A prefix shared with other processes (a web and a worker child): the caller deletes its keys
   * once every process on it has stopped. Without one the bot makes its own and deletes it on close.
   */
  prefix?: string;
  /** Also serve Teams at /api/messages, unauthenticated (loopback only, as the config insists). */
  teams?: boolean;
  worker?: StartBotOptions['worker'];
  /** More of the bot's environment, e.g. COMMAND_RATE_PER_MINUTE. */
  env?: Record<string, string>;
}

export const newPrefix = (): string => `bench-${randomUUID()}`;

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

/** The Redis the benchmarks use unless one starts its own: REDIS_URL, or the local default. */
export const benchRedisUrl = (): string => process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Deletes `prefix`'s keys on its own connection (after every process using it has stopped). */
export async function removePrefix(prefix: string, redisUrl = benchRedisUrl()): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    await deleteKeys(redis, prefix);
  } finally {
    redis.disconnect();
  }
}

export async function startBenchBot(
  targets: BenchBotTargets,
  options: BenchBotOptions = {},
): Promise<BenchBot> {
  const prefix = options.prefix ?? newPrefix();
  const ownsPrefix = options.prefix === undefined;
  const dir = await mkdtemp(join(tmpdir(), 'defbot-bench-'));
  const rbacFile = join(dir, 'rbac.yaml');
  await writeFile(rbacFile, RBAC);
  const config = loadConfig(
    simBotEnv(targets, {
      role: options.role ?? 'all',
      prefix,
      redisUrl: benchRedisUrl(),
      rbacFile,
      signingSecret: SIGNING_SECRET,
      botToken: BOT_TOKEN,
      extra: { ...(options.teams ? { TEAMS_ALLOW_UNAUTHENTICATED: 'true' } : {}), ...options.env },
    }),
  );
  // Production logs at info, asynchronously (asyncDestination); a file keeps the terminal readable.
  const logFile = join(dir, 'bot.log');
  const output = asyncDestination(logFile);
  const logger = createLogger({ level: 'info', destination: output });
  const bot = await startBot({
    config,
    logger,
    isolatedMetrics: true,
    ...(options.worker ? { worker: options.worker } : {}),
  });
  return {
    url: bot.url,
    slackEvents: `${bot.url}/slack/events`,
    prefix,
    logFile,
    async close() {
      await bot.close();
      if (ownsPrefix) await removePrefix(prefix);
      output.flushSync();
      output.end();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
