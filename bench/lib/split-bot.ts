// The bot as production runs it: a web process (chat front doors, dispatcher) and a worker process
// (BullMQ workers, MDE calls, chat posts) on one Redis prefix, each a child of the benchmark, so
// their CPU and memory are measured apart. The prefix is deleted once both have stopped.
import { setPriority } from 'node:os';
import { z } from 'zod';
import { newPrefix, removePrefix } from './bot.js';
import { spawnTs, type Child } from './child.js';
import { imageNodeOptions } from './image-heap.js';
import { targetFile } from './targets.js';

/** nice 19. */
const LOWEST_PRIORITY = 19;

export const botChildSchema = z.object({
  url: z.string(),
  slackEvents: z.string(),
  teamsMessages: z.string(),
  prefix: z.string().startsWith('bench-'),
});
export type BotChild = Child<z.infer<typeof botChildSchema>>;

export interface SplitBot {
  web: BotChild;
  worker: BotChild;
  prefix: string;
  /** Stops the web process, then the worker, then deletes the prefix's keys. */
  stop(): Promise<void>;
}

export interface SplitBotOptions {
  /** simUrl, tenantId, slackApiUrl of the simulator and fake Slack. */
  targets: unknown;
  teams?: boolean;
  /** The action benchmark's budgets and polling (see scaled.ts). */
  scaled?: boolean;
  /** The CPU the web process gets to itself (see pinSelf). */
  webCpu?: number;
  /**
   * Runs the worker at the lowest CPU priority: on a shared machine its background jobs then never
   * delay the load generator's timestamps (in production it has a host of its own).
   */
  backgroundWorker?: boolean;
  /** More environment for both children (the soak's leak check). */
  env?: Record<string, string>;
  /** More of the bot's own configuration for both children, e.g. COMMAND_RATE_PER_MINUTE. */
  botEnv?: Record<string, string>;
  /** The Redis both children use (default: REDIS_URL, see benchRedisUrl). */
  redisUrl?: string;
}

export async function startSplitBot(options: SplitBotOptions): Promise<SplitBot> {
  const prefix = newPrefix();
  const env = (role: 'web' | 'worker') => ({
    ...options.env,
    // The image's heap sizing first; a benchmark's own flags (the soak's --expose-gc) after it.
    NODE_OPTIONS: `${imageNodeOptions()} ${options.env?.NODE_OPTIONS ?? ''}`.trim(),
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
    BENCH_TARGETS: JSON.stringify(options.targets),
    BENCH_ROLE: role,
    BENCH_PREFIX: prefix,
    BENCH_TEAMS: String(options.teams ?? false),
    BENCH_SCALED: String(options.scaled ?? false),
    BENCH_BOT_ENV: JSON.stringify(options.botEnv ?? {}),
  });
  const started = await Promise.allSettled([
    spawnTs(targetFile('bot'), botChildSchema, {
      label: 'bot-web',
      env: env('web'),
      ...(options.webCpu === undefined ? {} : { cpu: options.webCpu }),
    }),
    spawnTs(targetFile('bot'), botChildSchema, { label: 'bot-worker', env: env('worker') }),
  ]);
  const running = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const stop = async (): Promise<void> => {
    for (const child of running) await child.stop();
    await removePrefix(prefix, options.redisUrl);
  };
  const failure = started.find((s) => s.status === 'rejected');
  if (failure) {
    await stop();
    throw failure.reason instanceof Error ? failure.reason : new Error(String(failure.reason));
  }
  if (options.backgroundWorker && running[1]?.process.pid !== undefined)
    setPriority(running[1].process.pid, LOWEST_PRIORITY);
  return { web: running[0]!, worker: running[1]!, prefix, stop };
}
