// Child process: the real bot, role all, pointed at the infra child's simulator and fake Slack.
import { z } from 'zod';
import { announce, closeOnParentExit } from '../lib/child.js';
import { startBenchBot } from '../lib/bot.js';

const targets = z
  .object({ simUrl: z.string().url(), tenantId: z.string(), slackApiUrl: z.string().url() })
  .parse(JSON.parse(process.env.BENCH_TARGETS ?? '{}'));
const bot = await startBenchBot(targets);
closeOnParentExit(() => bot.close());
announce({ slackEvents: bot.slackEvents, prefix: bot.prefix });
