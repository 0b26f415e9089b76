// Benchmark 2: 300 antivirus scans through the real Slack endpoint against MDE's rate limits (at
// their real windows unless BENCH_TIME_SCALE shortens them). How close does the bot get to the fastest submission the limits allow,
// without a single 429? The bot runs as production does, a web and a worker child process; the
// simulator, fake Slack and the driver share this process.
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { createAuditTrail } from '../src/audit/index.js';
import { createLogger } from '../src/core/logger.js';
import { startSimulator, type CallRecord } from '../src/sim/index.js';
import { startFakeSlack } from '../test/helpers/fake-slack.js';
import { signSlackRequest, slashCommandBody } from '../test/helpers/slack-signing.js';
import { BOT_TOKEN, SIGNING_SECRET, USERS, benchRedisUrl } from './lib/bot.js';
import { requireCertDir } from './lib/env.js';
import { mb, peakRssMb } from './lib/memory.js';
import { runOpenLoop, type PreparedRequest } from './lib/load.js';
import { goal, info, report, type ResultRow } from './lib/result.js';
import {
  TIME_SCALE,
  scaledBudgets as budgets,
  scaledLifecycle,
  scaledLimits as limits,
} from './lib/scaled.js';
import { startSplitBot } from './lib/split-bot.js';
import { describeWindows, minimumSpanMs } from './lib/windows.js';

const ACTIONS = 300;
const SEND_RATE = 150;
const FINISH_TIMEOUT_MS = 90_000;
const RATIO_GOAL = 1.1;
const WORKER_RSS_GOAL_MB = 250;

const isScan = (call: CallRecord): boolean =>
  call.method === 'POST' && call.path.endsWith('/runAntiVirusScan');
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(100);
  }
  return check();
}

/** 429s and other refusals per MDE API path shape, e.g. "GET /machines: 3". */
function refusals(calls: readonly CallRecord[], status: number): string {
  const counts = new Map<string, number>();
  for (const call of calls.filter((c) => c.status === status)) {
    const shape = `${call.method} ${call.path.replace(/\/[0-9a-f]{40}\b/g, '/{id}').replace(/\/machineactions\/[^/]+/, '/machineactions/{id}')}`;
    counts.set(shape, (counts.get(shape) ?? 0) + 1);
  }
  return [...counts].map(([shape, n]) => `${shape}: ${n}`).join(', ') || 'none';
}

async function main(): Promise<void> {
  const sim = await startSimulator({
    certDir: requireCertDir(),
    rateLimits: limits,
    lifecycle: scaledLifecycle,
  });
  const slack = await startFakeSlack({ botToken: BOT_TOKEN });
  const bot = await startSplitBot({
    targets: { simUrl: sim.url, tenantId: sim.tenantId, slackApiUrl: slack.apiUrl },
    scaled: true,
  });
  const slackEvents = bot.web.info.slackEvents;
  const redis = new Redis(benchRedisUrl());
  const audit = createAuditTrail({ redis, prefix: bot.prefix, logger: createLogger({ level: 'silent' }) });
  try {
    // One machine per action, so no scan meets another pending one (ActiveRequestAlreadyExists).
    const names = Array.from({ length: ACTIONS }, (_, i) => `burst-${String(i).padStart(3, '0')}`);
    for (const name of names) sim.mde.addMachine({ computerDnsName: `${name}.bench.local` });
    const requests: PreparedRequest[] = names.map((name, i) => {
      const body = slashCommandBody({
        text: `scan ${name} quick bench`,
        user_id: USERS.responder,
        channel_id: 'C0BURST',
        response_url: slack.responseUrl(`burst${i}`),
        trigger_id: `burst.${i}`,
      });
      return {
        url: slackEvents,
        body,
        headers: {
          ...signSlackRequest(SIGNING_SECRET, body),
          'content-type': 'application/x-www-form-urlencoded',
        },
      };
    });

    console.log(
      `action-burst: ${ACTIONS} scan commands at ${SEND_RATE}/s; MDE limits ${describeWindows(limits.standard)} per API`,
    );
    const started = performance.now();
    const startedWall = Date.now();
    const sent = await runOpenLoop(requests, SEND_RATE);
    const submitTimeoutMs = 3 * minimumSpanMs(ACTIONS, limits.standard) + 30_000;
    const allSubmitted = await waitFor(
      () => sim.calls().filter((c) => isScan(c) && c.status === 201).length >= ACTIONS,
      submitTimeoutMs,
    );
    const submittedAfterMs = performance.now() - started;
    console.log(
      `action-burst: ${allSubmitted ? 'all' : 'NOT all'} scans submitted after ${(submittedAfterMs / 1000).toFixed(1)} s; following them to the end`,
    );
    const outcomes = async () =>
      (await audit.readRecent(5 * ACTIONS)).filter((e) => e.type === 'mde-outcome');
    await waitFor(async () => (await outcomes()).length >= ACTIONS, FINISH_TIMEOUT_MS);
    const finishedAfterMs = performance.now() - started;

    const calls = sim.calls();
    const scans = calls
      .filter((c) => isScan(c) && c.status === 201)
      .map((c) => Date.parse(c.at))
      .sort((a, b) => a - b);
    const span = scans.length > 1 ? scans.at(-1)! - scans[0]! : Number.NaN;
    const simMinimum = minimumSpanMs(ACTIONS, limits.standard);
    const budgetMinimum = minimumSpanMs(ACTIONS, budgets.standard.windows);
    const ratio = span / simMinimum;
    const throttled = calls.filter((c) => c.status === 429).length;
    const done = await outcomes();
    const succeeded = done.filter((e) => e.outcome === 'Succeeded').length;
    const lookupCalls = calls.filter((c) => c.method === 'GET' && c.path.endsWith('/machines'));
    const lookups = lookupCalls.length;
    const lookedUp = lookupCalls.filter((c) => c.status === 200).map((c) => Date.parse(c.at));
    const lookupSpan = lookedUp.length > 1 ? Math.max(...lookedUp) - Math.min(...lookedUp) : Number.NaN;
    const workerRss = await peakRssMb(bot.worker.process.pid);
    const webRss = await peakRssMb(bot.web.process.pid);
    const polls = calls.filter((c) => c.method === 'GET' && /\/machineactions\/[^/]+$/.test(c.path)).length;

    const rows: ResultRow[] = [
      info('scans answered 201 by MDE', `${scans.length} / ${ACTIONS}`),
      info('first → last scan submitted', `${(span / 1000).toFixed(2)} s`),
      info(
        'minimum by MDE limits (sim)',
        `${(simMinimum / 1000).toFixed(2)} s = (⌈${ACTIONS}/${limits.standard[0]!.limit}⌉−1) × ${limits.standard[0]!.windowMs / 1000} s`,
      ),
      goal('actual / MDE minimum', ratio.toFixed(2), `≤ ${RATIO_GOAL}`, ratio <= RATIO_GOAL),
      info(
        "minimum by the bot's own budget",
        `${(budgetMinimum / 1000).toFixed(2)} s (${describeWindows(budgets.standard.windows)}); actual / this = ${(span / budgetMinimum).toFixed(2)}`,
      ),
      goal(
        '429s answered by MDE',
        `${throttled}${throttled ? ` (${refusals(calls, 429)})` : ''}`,
        '0',
        throttled === 0,
      ),
      info(
        'first → last machine lookup answered 200',
        `${(lookupSpan / 1000).toFixed(2)} s (same limits as scans)`,
      ),
      info(
        'first command sent → last scan submitted',
        `${(((scans.at(-1) ?? Number.NaN) - startedWall) / 1000).toFixed(2)} s`,
      ),
      info(
        'actions followed to a final status',
        `${done.length} / ${ACTIONS}, Succeeded ${succeeded}, after ${(finishedAfterMs / 1000).toFixed(1)} s`,
      ),
      info(
        'MDE calls',
        `${calls.length}: ${lookups} machine lookups, ${scans.length} scans, ${polls} status reads; 400s: ${refusals(calls, 400)}`,
      ),
      info('Slack command acks non-2xx + errors', `${sent.non2xx} + ${sent.errors}`),
      goal(
        'bot worker peak RSS',
        mb(workerRss),
        `≤ ${WORKER_RSS_GOAL_MB} MB`,
        workerRss !== undefined && workerRss <= WORKER_RSS_GOAL_MB,
      ),
      info('bot web peak RSS', mb(webRss)),
    ];
    const notes = [
      `Sim: MDE's published limits${TIME_SCALE === 1 ? ', at their real windows' : ` with windows ${TIME_SCALE}× shorter (BENCH_TIME_SCALE)`} (${describeWindows(limits.standard)} per API and app), actions Pending 200 ms then InProgress 300 ms. ` +
        'Bot: budgets = the same windows (each call logged at its latest possible arrival: grant + timeout until answered, then the answer time); status polls from 200 ms, at most 1 s apart.',
      `Driven through the real Slack endpoint: ${ACTIONS} signed \`/defender scan burst-NNN quick bench\` from a responder at ${SEND_RATE}/s, one new machine per scan.`,
      'The bot runs as a ROLE=web and a ROLE=worker child process on one Redis prefix; simulator, fake Slack and driver share the benchmark process. ' +
        "Peak RSS is /proc/<pid>/status VmHWM read once every action reached a final status (the peak over the process's life).",
      'Every command first resolves its machine (GET /machines?$filter=…), an API with its own budget of the same size in MDE and in the bot, so lookups and scans are paced in parallel.',
    ];
    const windowMs = limits.standard[0]!.windowMs;
    const perWindow = new Map<number, number>();
    for (const at of scans)
      perWindow.set(
        Math.floor((at - scans[0]!) / windowMs),
        (perWindow.get(Math.floor((at - scans[0]!) / windowMs)) ?? 0) + 1,
      );
    notes.push(
      `Scans submitted per ${windowMs / 1000} s window after the first: ${[...perWindow]
        .sort(([a], [b]) => a - b)
        .map(([w, n]) => `[${(w * windowMs) / 1000}–${((w + 1) * windowMs) / 1000} s) ${n}`)
        .join(', ')}.`,
    );
    const since = (at: number | undefined) => `${(((at ?? Number.NaN) - startedWall) / 1000).toFixed(2)} s`;
    const lookupTimes = [...lookedUp].sort((a, b) => a - b);
    notes.push(
      `After the first command: first lookup ${since(lookupTimes[0])}, 100th ${since(lookupTimes[99])}, 101st ${since(lookupTimes[100])}, last ${since(lookupTimes.at(-1))}; ` +
        `first scan ${since(scans[0])}, 100th ${since(scans[99])}, 101st ${since(scans[100])}, 201st ${since(scans[200])}, last ${since(scans.at(-1))}.`,
    );
    if (!allSubmitted)
      notes.push(`Not every scan was submitted within ${submitTimeoutMs / 1000} s of the last command.`);
    await report({ name: 'action-burst', rows, notes });
  } finally {
    redis.disconnect();
    await bot.stop();
    await slack.close();
    await sim.close();
  }
}

await main();
