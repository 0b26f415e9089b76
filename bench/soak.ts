// Benchmark 5: a soak. The real bot, split into web and worker processes, serves 100 signed Slack
// slash commands a second for 10 minutes (after a warm-up) with a mix it can sustain forever; the
// resident memory of both processes is sampled throughout, so growth means a leak, not a backlog.
// BENCH_SOAK_SECONDS / BENCH_SOAK_WARMUP_SECONDS shorten it for a trial run; BENCH_SOAK_LIVE_HEAP=1
// adds the leak check (forced full GCs in both processes: their RSS is then no production figure).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startSimulator } from '../src/sim/index.js';
import { startFakeSlack, type FakeSlack } from '../test/helpers/fake-slack.js';
import { signSlackRequest, slashCommandBody } from '../test/helpers/slack-signing.js';
import { BOT_TOKEN, SIGNING_SECRET } from './lib/bot.js';
import { cpuMsOf } from './lib/cpu.js';
import { requireCertDir } from './lib/env.js';
import { floor, growth, mean, perStep, type Growth, type TimedValue } from './lib/growth.js';
import { LIVE_HEAP_DIR_ENV, readLiveHeap } from './lib/live-heap.js';
import { mb, peakRssMb } from './lib/memory.js';
import {
  runOpenLoop,
  type Answer,
  type LoadOutcome,
  type PreparedRequest,
  type RequestSource,
} from './lib/load.js';
import { goal, info, report, type ResultRow } from './lib/result.js';
import { startSampler, takeSample, type Sample, type Watched } from './lib/sampler.js';
import {
  SOAK_KINDS,
  WORKER_EVERY,
  WORKER_KINDS,
  soakCommand,
  workerChannel,
  type SoakKind,
} from './lib/soak-mix.js';
import { startSplitBot, type SplitBot } from './lib/split-bot.js';
import { ms, summarize } from './lib/stats.js';

const RATE = 100;
const SAMPLE_EVERY_MS = 5_000;
const GROWTH_GOAL_PERCENT = 10;
/** Jobs not yet done in one queue at any sample: a handful at most when the mix is sustainable. */
const BACKLOG_GOAL = 10;
const DRAIN_TIMEOUT_MS = 60_000;

function seconds(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 10)
    throw new Error(`${name} must be a whole number of seconds ≥ 10, got ${raw}`);
  return value;
}

const SOAK_SECONDS = seconds('BENCH_SOAK_SECONDS', 600);
const WARMUP_SECONDS = seconds('BENCH_SOAK_WARMUP_SECONDS', 120);
/** The growth figure compares the first and the last minute (a quarter of a shorter trial run). */
const WINDOW_MS = Math.min(60_000, (SOAK_SECONDS * 1000) / 4);
const LIVE_HEAP = process.env.BENCH_SOAK_LIVE_HEAP === '1';

const sleep = (duration: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, duration));

/** Requests `offset`… built and signed only when due: Slack refuses signatures older than 5 minutes. */
function requestsFrom(url: string, slack: FakeSlack, offset: number, count: number): RequestSource {
  return {
    length: count,
    at(i: number): PreparedRequest {
      const index = offset + i;
      const command = soakCommand(index);
      const body = slashCommandBody({
        text: command.text,
        user_id: command.userId,
        user_name: 'bench-soak',
        channel_id: command.channelId,
        response_url: slack.responseUrl(`soak-${index}`),
        trigger_id: `soak.${index}`,
      });
      return {
        url,
        body,
        headers: {
          ...signSlackRequest(SIGNING_SECRET, body),
          'content-type': 'application/x-www-form-urlencoded',
        },
      };
    },
  };
}

/** Per request index of the soak: its answer (undefined = transport error). */
type Answers = Map<number, Answer | undefined>;

async function drive(
  url: string,
  slack: FakeSlack,
  offset: number,
  count: number,
  answers?: Answers,
): Promise<LoadOutcome> {
  return runOpenLoop(
    requestsFrom(url, slack, offset, count),
    RATE,
    answers ? { onAnswer: (i, answer) => answers.set(offset + i, answer) } : {},
  );
}

interface Delivery {
  expected: number;
  missing: number[];
  duplicated: number;
  unexpected: number;
  privateNotes: number;
}

/**
 * Each worker-bound command of the soak acked 2xx must have exactly one post in its own channel; a
 * post in no worker-bound command's channel (warm-up included) is stray.
 */
function deliveries(
  slack: FakeSlack,
  expectedIndexes: readonly number[],
  knownChannels: ReadonlySet<string>,
): Delivery {
  const posts = new Map<string, number>();
  for (const call of slack.calls()) {
    if (call.method !== 'chat.postMessage') continue;
    const channel = String(call.body.channel);
    posts.set(channel, (posts.get(channel) ?? 0) + 1);
  }
  const expectedChannels = new Set(expectedIndexes.map(workerChannel));
  return {
    expected: expectedIndexes.length,
    missing: expectedIndexes.filter((index) => !posts.has(workerChannel(index))),
    duplicated: [...expectedChannels].filter((channel) => (posts.get(channel) ?? 0) > 1).length,
    unexpected: [...posts.keys()].filter((channel) => !knownChannels.has(channel)).length,
    privateNotes: slack.calls().filter((c) => c.method === 'chat.postEphemeral').length,
  };
}

async function waitForDeliveries(
  slack: FakeSlack,
  expected: readonly number[],
  knownChannels: ReadonlySet<string>,
): Promise<Delivery> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  let seen = deliveries(slack, expected, knownChannels);
  while (seen.missing.length > 0 && Date.now() < deadline) {
    await sleep(250);
    seen = deliveries(slack, expected, knownChannels);
  }
  return seen;
}

const series = (
  samples: readonly Sample[],
  zero: number,
  pick: (s: Sample) => number | undefined,
): TimedValue[] =>
  samples.flatMap((s) => {
    const value = pick(s);
    return value === undefined ? [] : [{ atMs: s.at - zero, value }];
  });

const maxOf = (values: readonly (number | undefined)[]): number | undefined => {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length === 0 ? undefined : Math.max(...known);
};

const change = (g: Growth): string =>
  `${g.percent.toFixed(1)}% (${g.first.toFixed(1)} → ${g.last.toFixed(1)} MB)`;

interface MemoryView {
  atWarmupEnd: Sample;
  atEnd: Sample;
  during: readonly Sample[];
  zero: number;
  durationMs: number;
}

function memoryRows(
  side: 'web' | 'worker',
  view: MemoryView,
  pid: number | undefined,
  peak: number | undefined,
  cpuMs: number | undefined,
): { rows: ResultRow[]; curve: string } {
  const rss = series(view.during, view.zero, (s) => s[side].rssMb);
  const heap = series(view.during, view.zero, (s) => s[side].heapUsedMb);
  const rssGrowth = growth(rss, view.durationMs, WINDOW_MS);
  const rssFloor = growth(rss, view.durationMs, WINDOW_MS, floor);
  const heapGrowth = growth(heap, view.durationMs, WINDOW_MS);
  const max = maxOf(rss.map((s) => s.value));
  const met = Number.isFinite(rssGrowth.percent) && rssGrowth.percent < GROWTH_GOAL_PERCENT;
  const window = `${WINDOW_MS / 1000} s`;
  const cpu = cpuMs === undefined ? 'n/a' : `${((100 * cpuMs) / view.durationMs).toFixed(0)}% of one core`;
  const rows = [
    info(
      `${side} RSS end of warm-up / end / max`,
      `${mb(view.atWarmupEnd[side].rssMb)} / ${mb(view.atEnd[side].rssMb)} / ${mb(max)} (peak over life ${mb(peak)}; pid ${pid ?? '?'})`,
    ),
    goal(
      `${side} RSS growth (mean of last ${window} vs first ${window})`,
      change(rssGrowth),
      `< ${GROWTH_GOAL_PERCENT}%`,
      met,
    ),
    info(`${side} RSS floor growth (smallest sample, same windows)`, change(rssFloor)),
    info(`${side} heap used growth (means, same windows)`, change(heapGrowth)),
    info(`${side} CPU during the soak`, cpu),
  ];
  const perMinute = (values: TimedValue[]) =>
    perStep(values, view.durationMs, 60_000)
      .map((minute) =>
        minute.length === 0
          ? 'n/a'
          : `${mean(minute).toFixed(0)} [${Math.min(...minute).toFixed(0)}–${Math.max(...minute).toFixed(0)}]`,
      )
      .join(', ');
  return { rows, curve: `${side}: RSS ${perMinute(rss)} MB; heap used ${perMinute(heap)} MB` };
}

/** The leak check's figure: the heap that survives a full GC, first against last window. */
async function liveHeapRow(
  dir: string,
  side: 'web' | 'worker',
  zeroWall: number,
  durationMs: number,
): Promise<{ row: ResultRow; curve: string }> {
  const samples = (await readLiveHeap(dir, side))
    .map((s) => ({ atMs: s.at - zeroWall, value: s.mb }))
    .filter((s) => s.atMs >= 0 && s.atMs <= durationMs);
  const g = growth(samples, durationMs, WINDOW_MS);
  const perMinute = perStep(samples, durationMs, 60_000)
    .map((minute) => mean(minute).toFixed(1))
    .join(', ');
  return {
    row: info(`${side} heap after a full GC, growth (leak check)`, `${change(g)}, ${samples.length} samples`),
    curve: `${side} heap after a full GC per minute: ${perMinute} MB`,
  };
}

const reasons = (outcome: LoadOutcome): string => {
  const entries = Object.entries(outcome.errorReasons);
  return entries.length === 0 ? '' : ` [${entries.map(([reason, n]) => `${reason} ${n}`).join(', ')}]`;
};

function latencyRow(label: string, latencies: readonly number[]): ResultRow {
  const s = summarize(latencies);
  return info(label, `${ms(s.p50)} / ${ms(s.p99)} / ${ms(s.max)} (n=${s.count})`);
}

async function main(): Promise<void> {
  const sim = await startSimulator({ certDir: requireCertDir() });
  const slack = await startFakeSlack({ botToken: BOT_TOKEN });
  const liveHeapDir = LIVE_HEAP ? await mkdtemp(join(tmpdir(), 'defbot-bench-heap-')) : undefined;
  const liveHeapEnv = liveHeapDir
    ? {
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --expose-gc`.trim(),
        [LIVE_HEAP_DIR_ENV]: liveHeapDir,
      }
    : undefined;
  let bot: SplitBot | undefined;
  let sampler: ReturnType<typeof startSampler> | undefined;
  try {
    bot = await startSplitBot({
      targets: { simUrl: sim.url, tenantId: sim.tenantId, slackApiUrl: slack.apiUrl },
      ...(liveHeapEnv ? { env: liveHeapEnv } : {}),
    });
    const url = bot.web.info.slackEvents;
    const web: Watched = { pid: bot.web.process.pid, url: bot.web.info.url };
    const worker: Watched = { pid: bot.worker.process.pid, url: bot.worker.info.url };
    sampler = startSampler(web, worker, SAMPLE_EVERY_MS);

    const warmupCount = WARMUP_SECONDS * RATE;
    const soakCount = SOAK_SECONDS * RATE;
    console.log(`soak: warm-up, ${warmupCount} commands at ${RATE}/s`);
    const warm = await drive(url, slack, 0, warmupCount);
    const warmupEnd = await takeSample(web, worker);
    const cpuBefore = await Promise.all([cpuMsOf(web.pid), cpuMsOf(worker.pid)]);
    const postsBefore = slack.calls().length;

    console.log(`soak: ${soakCount} commands at ${RATE}/s over ${SOAK_SECONDS} s`);
    const answers: Answers = new Map();
    const zero = performance.now();
    const zeroWall = Date.now();
    const soak = await drive(url, slack, warmupCount, soakCount, answers);
    const durationMs = performance.now() - zero;
    const end = await takeSample(web, worker);
    const cpuAfter = await Promise.all([cpuMsOf(web.pid), cpuMsOf(worker.pid)]);

    const soakIndexes = Array.from({ length: soakCount }, (_, i) => warmupCount + i);
    const acked = (index: number): boolean => {
      const answer = answers.get(index);
      return answer !== undefined && answer.status >= 200 && answer.status < 300;
    };
    const workerBound = soakIndexes.filter((index) => WORKER_KINDS.has(soakCommand(index).kind));
    const knownChannels = new Set(
      Array.from({ length: warmupCount + soakCount }, (_, index) => index)
        .filter((index) => WORKER_KINDS.has(soakCommand(index).kind))
        .map(workerChannel),
    );
    const delivery = await waitForDeliveries(slack, workerBound.filter(acked), knownChannels);
    const drained = await takeSample(web, worker);
    await sampler.stop();
    const during = sampler.samples.filter((s) => s.at >= zero && s.at <= zero + durationMs);

    // Web-answered commands: the answer is in the ack body, or (if the handler was slow) at response_url.
    const lateIds = new Set(
      slack
        .calls()
        .slice(postsBefore)
        .flatMap((c) => (c.method === 'response_url' && c.responseId ? [c.responseId] : [])),
    );
    const webAnswered = soakIndexes.filter((index) => !WORKER_KINDS.has(soakCommand(index).kind));
    const inAck = webAnswered.filter((index) => acked(index) && (answers.get(index)?.bytes ?? 0) > 0).length;
    const late = webAnswered.filter((index) => lateIds.has(`soak-${index}`)).length;
    const byKind = (kinds: ReadonlySet<SoakKind>) =>
      soakIndexes
        .filter((index) => kinds.has(soakCommand(index).kind) && acked(index))
        .map((index) => answers.get(index)!.latencyMs);
    const counts = SOAK_KINDS.map(
      (kind) => `${kind} ${soakIndexes.filter((index) => soakCommand(index).kind === kind).length}`,
    ).join(', ');

    const view: MemoryView = { atWarmupEnd: warmupEnd, atEnd: end, during, zero, durationMs };
    const webMemory = memoryRows(
      'web',
      view,
      web.pid,
      await peakRssMb(web.pid),
      cpuBefore[0] === undefined || cpuAfter[0] === undefined ? undefined : cpuAfter[0] - cpuBefore[0],
    );
    const workerMemory = memoryRows(
      'worker',
      view,
      worker.pid,
      await peakRssMb(worker.pid),
      cpuBefore[1] === undefined || cpuAfter[1] === undefined ? undefined : cpuAfter[1] - cpuBefore[1],
    );
    const maxBacklog = (queue: 'defender' | 'notify') => maxOf(during.map((s) => s.backlog[queue]));
    const backlogMet =
      (maxBacklog('defender') ?? Infinity) <= BACKLOG_GOAL &&
      (maxBacklog('notify') ?? Infinity) <= BACKLOG_GOAL;
    const answeredAll =
      delivery.missing.length === 0 &&
      delivery.duplicated === 0 &&
      delivery.unexpected === 0 &&
      delivery.privateNotes === 0;

    const rows: ResultRow[] = [
      info(
        'load',
        `${soakCount} commands at ${RATE}/s over ${(durationMs / 1000).toFixed(1)} s after a ${WARMUP_SECONDS} s warm-up: ${counts}`,
      ),
      goal(
        'non-2xx + errors (soak)',
        `${soak.non2xx} + ${soak.errors}${reasons(soak)} (warm-up: ${warm.non2xx} + ${warm.errors}${reasons(warm)})`,
        '0',
        soak.non2xx + soak.errors === 0,
      ),
      latencyRow('ack p50 / p99 / max, all', soak.latencies),
      latencyRow('ack p50 / p99 / max, help + whoami', byKind(new Set(['help', 'whoami']))),
      latencyRow('ack p50 / p99 / max, machine + alerts (enqueued)', byKind(WORKER_KINDS)),
      goal(
        'help + whoami answered',
        `${inAck + late} / ${webAnswered.length} (${inAck} in the ack, ${late} via response_url)`,
        'all',
        inAck + late === webAnswered.length,
      ),
      goal(
        'machine + alerts answered in Slack',
        `${delivery.expected - delivery.missing.length} / ${workerBound.length} sent (${delivery.expected} acked); missing ${delivery.missing.length}, duplicated ${delivery.duplicated}, stray posts ${delivery.unexpected}, ephemeral ${delivery.privateNotes}`,
        'all, once each',
        answeredAll && delivery.expected === workerBound.length,
      ),
      goal(
        'queue backlog max during the soak (defender / notify)',
        `${maxBacklog('defender') ?? 'n/a'} / ${maxBacklog('notify') ?? 'n/a'}`,
        `≤ ${BACKLOG_GOAL} each`,
        backlogMet,
      ),
      info(
        'queue backlog at end / after drain (defender / notify); failed jobs',
        `${end.backlog.defender ?? 'n/a'} / ${end.backlog.notify ?? 'n/a'} → ${drained.backlog.defender ?? 'n/a'} / ${drained.backlog.notify ?? 'n/a'}; failed ${drained.failed.defender ?? 'n/a'} / ${drained.failed.notify ?? 'n/a'}`,
      ),
      ...webMemory.rows,
      ...workerMemory.rows,
    ];
    const leakCheck = liveHeapDir
      ? await Promise.all([
          liveHeapRow(liveHeapDir, 'web', zeroWall, durationMs),
          liveHeapRow(liveHeapDir, 'worker', zeroWall, durationMs),
        ])
      : [];
    rows.push(...leakCheck.map((check) => check.row));
    const notes = [
      `Bot: a ROLE=web and a ROLE=worker child process on one Redis prefix (as slack-ack); simulator (MDE's published limits), fake Slack and the load generator share this process. ` +
        `Open loop at ${RATE}/s, each request signed when due; ${WARMUP_SECONDS} s of the same load as warm-up, not counted.`,
      `Mix: help and whoami (answered by the web process in the ack) alternate; every ${WORKER_EVERY}th request is \`machine <host>\` or \`alerts high\` in turn, ` +
        `each in a channel of its own so its card's post can be matched to it: one MDE call per API every ${(2 * WORKER_EVERY) / RATE} s, under MDE's 100/min and 1,500/h for ever.`,
      `Every ${SAMPLE_EVERY_MS / 1000} s: VmRSS from /proc/<pid>/status of both processes; heap used (nodejs_heap_size_used_bytes) and queue depths (defbot_queue_jobs) from their /metrics. ` +
        `Growth = (mean of the last ${WINDOW_MS / 1000} s − mean of the first ${WINDOW_MS / 1000} s) / mean of the first; ${during.length} samples in the soak.`,
      `Per minute of the soak, mean [min–max] — ${webMemory.curve}; ${workerMemory.curve}.`,
      `Generator's worst send lag ${soak.maxSendLagMs.toFixed(1)} ms.`,
      ...(liveHeapDir
        ? [
            `Leak-check mode (BENCH_SOAK_LIVE_HEAP=1): both processes ran with --expose-gc and a full GC every 5 s, so their RSS and heap figures above are not production figures. ` +
              `${leakCheck.map((check) => check.curve).join('; ')}.`,
          ]
        : []),
    ];
    await report({ name: 'soak', rows, notes });
  } finally {
    await sampler?.stop();
    if (bot) await bot.stop();
    await slack.close();
    await sim.close();
    if (liveHeapDir) await rm(liveHeapDir, { recursive: true, force: true });
  }
}

await main();
