// Benchmark 1: Slack slash-command ack latency of the real bot against a bare Bolt app, under the
// same open-loop load of signed `/defender machine web-07` requests. Each side runs in its own child
// process; this process only generates load and measures.
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { signSlackRequest, slashCommandBody } from '../test/helpers/slack-signing.js';
import { Redis } from 'ioredis';
import { SIGNING_SECRET, USERS, deleteKeys } from './lib/bot.js';
import { spawnTs, type Child } from './lib/child.js';
import { cpuMsOf } from './lib/cpu.js';
import { requireCertDir } from './lib/env.js';
import { runOpenLoop, type LoadOutcome, type PreparedRequest } from './lib/load.js';
import { goal, info, report, type ResultRow } from './lib/result.js';
import { ms, summarize } from './lib/stats.js';

const PHASES = [
  { rate: 50, count: 500 },
  { rate: 200, count: 2000 },
] as const;
const WARMUP = { rate: 50, count: 100 };
const P99_RATIO_GOAL = 1.5;

const infraSchema = z.object({ simUrl: z.string(), tenantId: z.string(), slackApiUrl: z.string(), responseUrl: z.string() });
const endpointSchema = z.object({ slackEvents: z.string() });
const botSchema = endpointSchema.extend({ prefix: z.string().startsWith('bench-') });
const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

let sequence = 0;
/** Signed slash commands, built before the clock starts so signing costs the generator nothing. */
function prepare(url: string, responseUrl: string, count: number): PreparedRequest[] {
  return Array.from({ length: count }, () => {
    sequence += 1;
    const body = slashCommandBody({
      text: 'machine web-07',
      user_id: USERS.viewer,
      user_name: 'bench-viewer',
      channel_id: 'C0BENCH',
      response_url: responseUrl,
      trigger_id: `bench.${sequence}`,
    });
    return { url, body, headers: { ...signSlackRequest(SIGNING_SECRET, body), 'content-type': 'application/x-www-form-urlencoded' } };
  });
}

interface Measured extends LoadOutcome {
  /** CPU the target process used during the measured run, if the platform tells. */
  cpuMs: number | undefined;
}

async function measure(target: Child<{ slackEvents: string }>, responseUrl: string, rate: number, count: number): Promise<Measured> {
  const url = target.info.slackEvents;
  await runOpenLoop(prepare(url, responseUrl, WARMUP.count), WARMUP.rate);
  const requests = prepare(url, responseUrl, count);
  const before = await cpuMsOf(target.process.pid);
  const outcome = await runOpenLoop(requests, rate);
  const after = await cpuMsOf(target.process.pid);
  return { ...outcome, cpuMs: before === undefined || after === undefined ? undefined : after - before };
}

function cpuText(outcome: Measured, count: number): string {
  if (outcome.cpuMs === undefined) return 'n/a (needs Linux /proc)';
  const busy = (100 * outcome.cpuMs) / outcome.durationMs;
  return `${(outcome.cpuMs / count).toFixed(2)} ms/request, ${busy.toFixed(0)}% of one core`;
}

function rowsFor(side: string, rate: number, outcome: Measured): ResultRow[] {
  const s = summarize(outcome.latencies);
  return [
    info(`${side} @${rate}/s p50 / p99 / max`, `${ms(s.p50)} / ${ms(s.p99)} / ${ms(s.max)} (n=${s.count})`),
    info(`${side} @${rate}/s process CPU`, cpuText(outcome, s.count + outcome.non2xx + outcome.errors)),
    goal(`${side} @${rate}/s non-2xx + errors`, `${outcome.non2xx} + ${outcome.errors}`, '0', outcome.non2xx + outcome.errors === 0 || side === 'bare Bolt'),
  ];
}

async function removePrefix(prefix: string): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  try {
    await deleteKeys(redis, prefix);
  } finally {
    redis.disconnect();
  }
}

async function main(): Promise<void> {
  requireCertDir();
  const rows: ResultRow[] = [];
  const notes: string[] = [];
  const bare = await spawnTs(here('./targets/bare-bolt.ts'), endpointSchema, { label: 'bare-bolt' });
  try {
    for (const { rate, count } of PHASES) {
      // A fresh simulator and bot per rate: no backlog or spent rate budget carries over.
      const infra = await spawnTs(here('./targets/infra.ts'), infraSchema, { label: 'infra' });
      let bot: Child<z.infer<typeof botSchema>> | undefined;
      try {
        console.log(`slack-ack: ${count} requests at ${rate}/s against the bare Bolt app`);
        const bareOutcome = await measure(bare, infra.info.responseUrl, rate, count);
        bot = await spawnTs(here('./targets/bot.ts'), botSchema, { label: 'bot', env: { BENCH_TARGETS: JSON.stringify(infra.info) } });
        console.log(`slack-ack: ${count} requests at ${rate}/s against the bot`);
        const botOutcome = await measure(bot, infra.info.responseUrl, rate, count);
        rows.push(...rowsFor('bare Bolt', rate, bareOutcome), ...rowsFor('bot', rate, botOutcome));
        const ratio = summarize(botOutcome.latencies).p99 / summarize(bareOutcome.latencies).p99;
        rows.push(goal(`@${rate}/s bot p99 / bare p99`, ratio.toFixed(2), `≤ ${P99_RATIO_GOAL}`, ratio <= P99_RATIO_GOAL));
        notes.push(
          `@${rate}/s: generator's worst send lag ${bareOutcome.maxSendLagMs.toFixed(1)} ms (bare run), ${botOutcome.maxSendLagMs.toFixed(1)} ms (bot run).`,
        );
      } finally {
        if (bot) {
          await bot.stop();
          // The child deletes its keys on close; if it was killed first, this does it.
          await removePrefix(bot.info.prefix);
        }
        await infra.stop();
      }
    }
  } finally {
    await bare.stop();
  }
  notes.push(
    'Bot and bare Bolt each run in their own child process; the simulator and fake Slack run in a third; ' +
      `the load generator is this process. Each measured run follows a warm-up of ${WARMUP.count} requests at ${WARMUP.rate}/s.`,
    'The bot runs role all: its worker resolves web-07 against the simulator at MDE\'s published limits (100/min per API), ' +
      'so most lookup jobs wait in the queue for budget, as they would in production.',
  );
  await report({ name: 'slack-ack', rows, notes });
}

await main();
