// The bot as production runs it: a web process (chat front doors, dispatcher) and a worker process
// (BullMQ workers, MDE calls, chat posts) on one Redis prefix, each a child of the benchmark, so
// their CPU and memory are measured apart. The prefix is deleted once both have stopped.
import { z } from 'zod';
import { newPrefix, removePrefix } from './bot.js';
import { spawnTs, type Child } from './child.js';
import { targetFile } from './targets.js';

export const botChildSchema = z.object({ url: z.string(), slackEvents: z.string(), teamsMessages: z.string(), prefix: z.string().startsWith('bench-') });
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
  /** MDE's windows ten times shorter (see scaled.ts). */
  scaled?: boolean;
  /** More environment for both children (the soak's leak check). */
  env?: Record<string, string>;
}

export async function startSplitBot(options: SplitBotOptions): Promise<SplitBot> {
  const prefix = newPrefix();
  const env = (role: 'web' | 'worker') => ({
    ...options.env,
    BENCH_TARGETS: JSON.stringify(options.targets),
    BENCH_ROLE: role,
    BENCH_PREFIX: prefix,
    BENCH_TEAMS: String(options.teams ?? false),
    BENCH_SCALED: String(options.scaled ?? false),
  });
  const started = await Promise.allSettled([
    spawnTs(targetFile('bot'), botChildSchema, { label: 'bot-web', env: env('web') }),
    spawnTs(targetFile('bot'), botChildSchema, { label: 'bot-worker', env: env('worker') }),
  ]);
  const running = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const stop = async (): Promise<void> => {
    for (const child of running) await child.stop();
    await removePrefix(prefix);
  };
  const failure = started.find((s) => s.status === 'rejected');
  if (failure) {
    await stop();
    throw failure.reason instanceof Error ? failure.reason : new Error(String(failure.reason));
  }
  return { web: running[0]!, worker: running[1]!, prefix, stop };
}
