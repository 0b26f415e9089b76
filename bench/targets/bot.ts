// Child process: the real bot in one role (BENCH_ROLE: all, web or worker), pointed at the infra
// child's simulator and fake Slack. Web and worker children of one bot share BENCH_PREFIX.
import { z } from 'zod';
import { announce, closeOnParentExit } from '../lib/child.js';
import { startBenchBot } from '../lib/bot.js';
import { LIVE_HEAP_DIR_ENV, recordLiveHeap } from '../lib/live-heap.js';
import { recordPauses } from '../lib/pauses.js';
import { scaledWorker } from '../lib/scaled.js';

const targets = z
  .object({ simUrl: z.string().url(), tenantId: z.string(), slackApiUrl: z.string().url() })
  .parse(JSON.parse(process.env.BENCH_TARGETS ?? '{}'));
const env = z
  .object({
    BENCH_ROLE: z.enum(['all', 'web', 'worker']).default('all'),
    BENCH_PREFIX: z.string().startsWith('bench-').optional(),
    BENCH_TEAMS: z.enum(['true', 'false']).default('false'),
    /** 'true': MDE's windows ten times shorter, with the budgets and polling to match (action-burst). */
    BENCH_SCALED: z.enum(['true', 'false']).default('false'),
    /** More of the bot's environment, as a JSON object of strings (see SplitBotOptions.botEnv). */
    BENCH_BOT_ENV: z.string().default('{}'),
    /** The soak's leak check: forced full GCs and the heap that survives them (see lib/live-heap.ts). */
    [LIVE_HEAP_DIR_ENV]: z.string().optional(),
  })
  .parse(process.env);

recordPauses(`bot-${env.BENCH_ROLE}`);
const bot = await startBenchBot(targets, {
  role: env.BENCH_ROLE,
  ...(env.BENCH_PREFIX ? { prefix: env.BENCH_PREFIX } : {}),
  teams: env.BENCH_TEAMS === 'true',
  ...(env.BENCH_SCALED === 'true' ? { worker: scaledWorker } : {}),
  env: z.record(z.string(), z.string()).parse(JSON.parse(env.BENCH_BOT_ENV)),
});
closeOnParentExit(() => bot.close());
const liveHeapDir = env[LIVE_HEAP_DIR_ENV];
if (liveHeapDir) recordLiveHeap(liveHeapDir, env.BENCH_ROLE);
announce({
  url: bot.url,
  slackEvents: bot.slackEvents,
  teamsMessages: `${bot.url}/api/messages`,
  prefix: bot.prefix,
});
