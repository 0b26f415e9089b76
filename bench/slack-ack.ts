// Benchmark 1: Slack slash-command ack latency of the real bot against a bare Bolt app, under the
// same open-loop load of signed `/defender machine web-07` requests. The bot runs as production does,
// a web and a worker process; the bare app in a third, the simulator in a fourth; this process only
// generates load and measures. A second baseline, the bare app writing each command to Redis before
// it acks, shows what durability alone costs on this machine.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { signSlackRequest, slashCommandBody } from '../test/helpers/slack-signing.js';
import { SIGNING_SECRET, USERS, benchRedisUrl } from './lib/bot.js';
import { pinSelf, spawnTs, type Child } from './lib/child.js';
import { cpuMsOf } from './lib/cpu.js';
import { requireCertDir } from './lib/env.js';
import { targetFile } from './lib/targets.js';
import { mb, peakRssMb } from './lib/memory.js';
import { startPrivateRedis, type PrivateRedis } from './lib/redis-server.js';
import { startSplitBot, type SplitBot } from './lib/split-bot.js';
import { emptyOutcome, runOpenLoop, type LoadOutcome, type PreparedRequest } from './lib/load.js';
import { goal, info, report, type ResultRow } from './lib/result.js';
import { ms, summarize } from './lib/stats.js';

// 30 s and 20 s per rate: enough requests that p99 is not decided by a handful of them.
const PHASES = [
  { rate: 50, count: 1500 },
  { rate: 200, count: 4000 },
] as const;
/** The process under test (bare Bolt or the bot's web process) runs alone on this CPU. */
const MEASURED_CPU = 0;
const EVERYTHING_ELSE_CPU = 1;
// 20 s: every side starts fresh per rate, and the bot has far more code than bare Bolt for V8 to
// compile and optimise; with a 2 s warm-up that work landed in the measured run's tail.
const WARMUP = { rate: 50, count: 1000 };
const P99_RATIO_GOAL = 1.3;
/**
 * The bot's Redis shares CPU 1 with the load generator, the simulator and the worker; ahead of them
 * it answers as promptly as on the host of its own it has in production (the bare app uses no Redis).
 */
const REDIS_NICE = -10;
const WEB_RSS_GOAL_MB = 200;

const infraSchema = z.object({
  simUrl: z.string(),
  tenantId: z.string(),
  slackApiUrl: z.string(),
  responseUrl: z.string(),
});
const endpointSchema = z.object({ slackEvents: z.string() });

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
    return {
      url,
      body,
      headers: {
        ...signSlackRequest(SIGNING_SECRET, body),
        'content-type': 'application/x-www-form-urlencoded',
      },
    };
  });
}

interface Measured extends LoadOutcome {
  /** CPU the target process used during its measured blocks, if the platform tells. */
  cpuMs: number | undefined;
}

type Target = Child<{ slackEvents: string }>;

/**
 * Per rate, each side's requests go out in this many blocks, the sides taking turns (bare, durable,
 * bot, then bot, durable, bare, …): anything else on the machine that slows it for a while falls on
 * every side alike, where one side's whole run after the other's compared two spells of the machine.
 */
const BLOCKS_PER_SIDE = 10;

const SIDES = ['bare Bolt', 'bare Bolt + Redis write', 'bot web'] as const;
type Side = (typeof SIDES)[number];

const emptyMeasured = (): Measured => ({ ...emptyOutcome(), cpuMs: 0 });

function add(into: Measured, outcome: LoadOutcome, cpuMs: number | undefined): void {
  into.latencies.push(...outcome.latencies);
  into.non2xx += outcome.non2xx;
  into.errors += outcome.errors;
  for (const [reason, n] of Object.entries(outcome.errorReasons))
    into.errorReasons[reason] = (into.errorReasons[reason] ?? 0) + n;
  into.maxSendLagMs = Math.max(into.maxSendLagMs, outcome.maxSendLagMs);
  into.durationMs += outcome.durationMs;
  into.cpuMs = into.cpuMs === undefined || cpuMs === undefined ? undefined : into.cpuMs + cpuMs;
}

async function block(target: Target, responseUrl: string, rate: number, count: number, into: Measured) {
  const requests = prepare(target.info.slackEvents, responseUrl, count);
  const before = await cpuMsOf(target.process.pid);
  const outcome = await runOpenLoop(requests, rate);
  const after = await cpuMsOf(target.process.pid);
  add(into, outcome, before === undefined || after === undefined ? undefined : after - before);
}

/** Every side warmed up, then `count` requests each at `rate`, in turns. */
async function measureInTurns(
  targets: Record<Side, Target>,
  responseUrl: string,
  rate: number,
  count: number,
): Promise<Record<Side, Measured>> {
  for (const side of SIDES)
    await runOpenLoop(prepare(targets[side].info.slackEvents, responseUrl, WARMUP.count), WARMUP.rate);
  const measured = Object.fromEntries(SIDES.map((side) => [side, emptyMeasured()])) as Record<Side, Measured>;
  const perBlock = Math.ceil(count / BLOCKS_PER_SIDE);
  for (let turn = 0; turn < BLOCKS_PER_SIDE; turn += 1) {
    // The order reverses every turn, so no side always follows another's load.
    const order = turn % 2 === 0 ? SIDES : [...SIDES].reverse();
    for (const side of order) await block(targets[side], responseUrl, rate, perBlock, measured[side]);
  }
  return measured;
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
    goal(
      `${side} @${rate}/s non-2xx + errors`,
      `${outcome.non2xx} + ${outcome.errors}`,
      '0',
      outcome.non2xx + outcome.errors === 0 || side !== 'bot web',
    ),
  ];
}

/** A p99 over requests that timed out is the timeout, not the server: such a ratio meets nothing. */
function p99Ratio(of: Measured, to: Measured): { ratio: number; value: string; comparable: boolean } {
  const ratio = summarize(of.latencies).p99 / summarize(to.latencies).p99;
  const comparable = of.errors + to.errors === 0;
  return {
    ratio,
    value: `${ratio.toFixed(2)}${comparable ? '' : ' (not comparable: requests timed out)'}`,
    comparable,
  };
}

function ratioRows(rate: number, measured: Record<Side, Measured>): ResultRow[] {
  const bot = p99Ratio(measured['bot web'], measured['bare Bolt']);
  return [
    goal(
      `@${rate}/s bot p99 / bare p99`,
      bot.value,
      `≤ ${P99_RATIO_GOAL}`,
      bot.ratio <= P99_RATIO_GOAL && bot.comparable,
    ),
    info(
      `@${rate}/s bare + Redis write p99 / bare p99`,
      p99Ratio(measured['bare Bolt + Redis write'], measured['bare Bolt']).value,
    ),
    info(
      `@${rate}/s bot p99 / bare + Redis write p99`,
      p99Ratio(measured['bot web'], measured['bare Bolt + Redis write']).value,
    ),
  ];
}

/** Peak RSS (VmHWM: over the process's life, so start-up, warm-up and the measured run). */
async function memoryRows(rate: number, bot: SplitBot): Promise<ResultRow[]> {
  const web = await peakRssMb(bot.web.process.pid);
  const worker = await peakRssMb(bot.worker.process.pid);
  const workerCpu = await cpuMsOf(bot.worker.process.pid);
  return [
    goal(
      `bot web @${rate}/s peak RSS`,
      mb(web),
      `≤ ${WEB_RSS_GOAL_MB} MB`,
      web !== undefined && web <= WEB_RSS_GOAL_MB,
    ),
    info(
      `bot worker @${rate}/s peak RSS`,
      `${mb(worker)}${workerCpu === undefined ? '' : `; CPU since start ${(workerCpu / 1000).toFixed(1)} s`}`,
    ),
  ];
}

async function main(): Promise<void> {
  requireCertDir();
  const rows: ResultRow[] = [];
  const notes: string[] = [];
  const pinned = pinSelf(EVERYTHING_ELSE_CPU);
  // The bot's Redis is a private one on the other CPU: the machine's shared Redis may run on the
  // measured CPU, where the worker's queue traffic would tax the web process and never the bare app
  // (which uses no Redis). In production Redis has a host of its own.
  const redisDir = await mkdtemp(join(tmpdir(), 'defbot-bench-redis-'));
  const redis: PrivateRedis | undefined = pinned
    ? await startPrivateRedis(redisDir, { cpu: EVERYTHING_ELSE_CPU, priority: REDIS_NICE })
    : undefined;
  try {
    await measureAll(rows, notes, redis?.url);
  } finally {
    await redis?.stop();
    await rm(redisDir, { recursive: true, force: true });
  }
  notes.push(
    'The bot runs as in production: one ROLE=web process (Slack front door, dispatcher: what answers the request) and one ROLE=worker ' +
      'process on the same Redis prefix; each bare Bolt app runs in its own process, the simulator and fake Slack in another; ' +
      `the load generator is this process. Per rate every side gets a warm-up of ${WARMUP.count} requests at ${WARMUP.rate}/s, then ` +
      `they take turns: ${BLOCKS_PER_SIDE} blocks each (bare, durable bare, bot, then bot, durable bare, bare, …), so a slow spell of the machine falls on all.`,
    'The second baseline, "bare Bolt + Redis write", is the same bare app writing each command to a Redis stream (the bot\'s Redis, one round trip) before ' +
      'acking with a one-line private "working" message: the least a bot that never loses an acknowledged command does, and nothing else ' +
      '(no admission, authorization, audit entry or log line, job, card). It runs on the measured CPU like the others.',
    "Process CPU of the bot is the web process's. Peak RSS is /proc/<pid>/status VmHWM read after the run (the peak over the process's life: start-up, warm-up and run).",
    pinned
      ? `CPU placement: the processes under test (bare Bolt, the bare app writing to Redis and the bot's web process, in turns) run on CPU ${MEASURED_CPU}; the load generator, ` +
          `simulator, fake Slack, the bot's worker (at nice 19, so its jobs never delay the generator's timestamps) ` +
          `and ${redis ? `a private redis-server for the bot (nice ${redis.priority}, ahead of the others: the host of its own it has in production)` : 'nothing else (no redis-server here: the bot uses REDIS_URL, unpinned)'} share CPU ${EVERYTHING_ELSE_CPU} ` +
          '(in production web, worker and Redis run on their own hosts).'
      : 'CPU placement: not pinned (one CPU or no taskset here): every process shares the cores.',
    "The worker resolves web-07 against the simulator at MDE's published limits (100/min per API), " +
      'so most lookup jobs wait in the queue for budget, as they would in production.',
  );
  await report({ name: 'slack-ack', rows, notes });
}

/** `redisUrl`: the bot's Redis (and the durable baseline's), when not REDIS_URL. */
async function measureAll(rows: ResultRow[], notes: string[], redisUrl: string | undefined): Promise<void> {
  const bare = await spawnTs(targetFile('bare-bolt'), endpointSchema, {
    label: 'bare-bolt',
    cpu: MEASURED_CPU,
  });
  let durable: Target | undefined;
  try {
    durable = await spawnTs(targetFile('bare-bolt'), endpointSchema, {
      label: 'bare-bolt-durable',
      cpu: MEASURED_CPU,
      env: { BARE_DURABLE_REDIS_URL: redisUrl ?? benchRedisUrl() },
    });
    for (const { rate, count } of PHASES) {
      // A fresh simulator and bot per rate: no backlog or spent rate budget carries over.
      const infra = await spawnTs(targetFile('infra'), infraSchema, { label: 'infra' });
      let bot: SplitBot | undefined;
      try {
        bot = await startSplitBot({
          targets: infra.info,
          webCpu: MEASURED_CPU,
          backgroundWorker: true,
          ...(redisUrl ? { redisUrl } : {}),
        });
        console.log(
          `slack-ack: ${count} requests at ${rate}/s each to the bare Bolt app, the bare app writing to Redis, and the bot ` +
            `(web + worker processes), in ${BLOCKS_PER_SIDE} turns each`,
        );
        const targets: Record<Side, Target> = {
          'bare Bolt': bare,
          'bare Bolt + Redis write': durable,
          'bot web': bot.web,
        };
        const measured = await measureInTurns(targets, infra.info.responseUrl, rate, count);
        for (const side of SIDES) rows.push(...rowsFor(side, rate, measured[side]));
        rows.push(...(await memoryRows(rate, bot)), ...ratioRows(rate, measured));
        notes.push(
          `@${rate}/s: generator's worst send lag ` +
            SIDES.map((side) => `${measured[side].maxSendLagMs.toFixed(1)} ms (${side})`).join(', ') +
            '.',
        );
      } finally {
        // Stops web, then worker, then deletes their shared prefix.
        if (bot) await bot.stop();
        await infra.stop();
      }
    }
  } finally {
    await durable?.stop();
    await bare.stop();
  }
}

await main();
