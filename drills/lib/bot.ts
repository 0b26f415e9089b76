// The bot under drill: the real startBot (role all, web or worker) against the simulator and a
// fake Slack, configured through the same environment variables production uses, with a log file.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/core/logger.js';
import { startBot, type RunningBot, type StartBotOptions } from '../../src/runtime/bot.js';
import { simBotEnv, type SimBotEnvOptions, type SimTargets } from '../../bench/lib/bot-env.js';

export const SIGNING_SECRET = 'drill-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-drill-bot-token-000000000000';
export const USERS = { responder: 'U0DRILLRESP', approver: 'U0DRILLAPPR' } as const;
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

const RBAC = `
roles:
  viewer: []
  responder: ["slack:${USERS.responder}"]
  approver: ["slack:${USERS.approver}"]
  admin: []
userContext: off
approvals:
  ttlMinutes: 60
  actions: [isolate, release, restrict, unrestrict]
`;

/** Short lock, stall and poll intervals: a killed worker's job is recovered within seconds. */
export const DRILL_WORKER: NonNullable<StartBotOptions['worker']> = {
  lockDurationMs: 1000,
  stalledIntervalMs: 500,
  lifecycle: { firstPollDelayMs: 200, maxPollDelayMs: 800 },
};

export type DrillTargets = SimTargets;

export type DrillEnvOptions = Pick<SimBotEnvOptions, 'role' | 'prefix' | 'redisUrl' | 'rbacFile'>;

export const newPrefix = (): string => `drill-${randomUUID()}`;

/** Writes the drills' RBAC file into `dir` and returns its path. */
export async function writeRbac(dir: string): Promise<string> {
  const file = join(dir, 'rbac.yaml');
  await writeFile(file, RBAC);
  return file;
}

/** The bot's environment, for loadConfig here or for a child process. */
export function drillEnv(targets: DrillTargets, options: DrillEnvOptions): Record<string, string> {
  return simBotEnv(targets, { ...options, signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN });
}

export interface DrillBot extends RunningBot {
  name: string;
  slackEvents: string;
  logFile: string;
}

/** Starts the bot in this process from `env`, logging to a file in `dir`. */
export async function startDrillBot(env: Record<string, string>, dir: string): Promise<DrillBot> {
  const config = loadConfig(env);
  const logFile = join(dir, `bot-${config.role}.log`);
  const output = createWriteStream(logFile, { flags: 'a' });
  const logger = createLogger({
    level: process.env.DRILLS_LOG_LEVEL === 'debug' ? 'debug' : 'info',
    destination: output,
  });
  const bot = await startBot({ config, logger, isolatedMetrics: true, worker: DRILL_WORKER });
  return {
    ...bot,
    name: `bot (${config.role})`,
    slackEvents: `${bot.url}/slack/events`,
    logFile,
    async close() {
      await bot.close();
      await new Promise<void>((resolve) => output.end(resolve));
    },
  };
}

/** A private scratch directory, removed by the returned function unless DRILLS_KEEP_LOGS is set. */
export async function scratchDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'defbot-drill-'));
  if (process.env.DRILLS_KEEP_LOGS) {
    console.log(`  logs kept in ${dir}`);
    return { dir, remove: () => Promise.resolve() };
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
