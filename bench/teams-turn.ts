// Benchmark: Teams turn latency of the real bot (ROLE=web, Bot Framework authentication off on
// loopback) against a bare botbuilder echo bot, under the same open-loop load of `@Defbot help`
// activities (answered without MDE). Two times per activity: until /api/messages answers 200, and
// until the reply reaches the connector (a fake in this process, so one clock times both).
import { z } from 'zod';
import { messageActivity } from '../test/helpers/teams-activity.js';
import { removePrefix } from './lib/bot.js';
import { pinSelf, spawnTs, type Child } from './lib/child.js';
import { imageNodeOptions } from './lib/image-heap.js';
import { startTimingConnector, type TimingConnector } from './lib/connector.js';
import { cpuMsOf } from './lib/cpu.js';
import { requireCertDir } from './lib/env.js';
import { targetFile } from './lib/targets.js';
import { mb, peakRssMb } from './lib/memory.js';
import { runOpenLoop, type LoadOutcome, type PreparedRequest } from './lib/load.js';
import { goal, info, report, type ResultRow } from './lib/result.js';
import { botChildSchema } from './lib/split-bot.js';
import { ms, summarize, type LatencySummary } from './lib/stats.js';

const PHASES = [
  { rate: 50, count: 500 },
  { rate: 200, count: 2000 },
] as const;
const WARMUP = { rate: 50, count: 100 };

const infraSchema = z.object({ simUrl: z.string(), tenantId: z.string(), slackApiUrl: z.string() });
const bareSchema = z.object({ teamsMessages: z.string() });

let sequence = 0;
/** `@Defbot help` in a channel, each with its own activity id (the id its reply targets). */
function prepare(
  url: string,
  serviceUrl: string,
  count: number,
): { requests: PreparedRequest[]; ids: string[] } {
  const ids = Array.from({ length: count }, () => String(1_800_000_000_000 + (sequence += 1)));
  const requests = ids.map((id) => ({
    url,
    body: JSON.stringify(messageActivity('help', { serviceUrl, id })),
    headers: { 'content-type': 'application/json' },
  }));
  return { requests, ids };
}

interface Measured extends LoadOutcome {
  replies: number[];
  missingReplies: number;
  cpuMs: number | undefined;
  /** Share of one core this process (load generator + connector) used during the run. */
  generatorBusy: number;
}

async function measure(
  target: Child<{ teamsMessages: string }>,
  connector: TimingConnector,
  rate: number,
  count: number,
): Promise<Measured> {
  const url = target.info.teamsMessages;
  const warmup = prepare(url, connector.serviceUrl, WARMUP.count);
  await runOpenLoop(warmup.requests, WARMUP.rate);
  const { requests, ids } = prepare(url, connector.serviceUrl, count);
  const before = await cpuMsOf(target.process.pid);
  const generatorBefore = process.cpuUsage();
  const outcome = await runOpenLoop(requests, rate);
  const generator = process.cpuUsage(generatorBefore);
  const after = await cpuMsOf(target.process.pid);
  const replies = ids.flatMap((id, i) => {
    const at = connector.replyAt.get(id);
    const sent = outcome.sentAt[i];
    return at === undefined || sent === undefined ? [] : [at - sent];
  });
  return {
    ...outcome,
    replies,
    missingReplies: count - replies.length,
    generatorBusy: (generator.user + generator.system) / 1000 / outcome.durationMs,
    cpuMs: before === undefined || after === undefined ? undefined : after - before,
  };
}

const triple = (s: LatencySummary): string => `${ms(s.p50)} / ${ms(s.p99)} / ${ms(s.max)} (n=${s.count})`;

function rowsFor(side: string, rate: number, outcome: Measured): ResultRow[] {
  const sent = outcome.latencies.length + outcome.non2xx + outcome.errors;
  const cpu =
    outcome.cpuMs === undefined
      ? 'n/a (needs Linux /proc)'
      : `${(outcome.cpuMs / sent).toFixed(2)} ms/activity, ${((100 * outcome.cpuMs) / outcome.durationMs).toFixed(0)}% of one core`;
  const failures = outcome.non2xx + outcome.errors + outcome.missingReplies;
  return [
    info(`${side} @${rate}/s HTTP 200 p50 / p99 / max`, triple(summarize(outcome.latencies))),
    info(`${side} @${rate}/s reply at connector p50 / p99 / max`, triple(summarize(outcome.replies))),
    info(`${side} @${rate}/s process CPU`, cpu),
    goal(
      `${side} @${rate}/s non-2xx + errors + missing replies`,
      `${outcome.non2xx} + ${outcome.errors} + ${outcome.missingReplies}`,
      '0',
      failures === 0,
    ),
  ];
}

function ratioRows(rate: number, bare: Measured, bot: Measured): ResultRow[] {
  const ratio = (a: number[], b: number[]) => (summarize(a).p99 / summarize(b).p99).toFixed(2);
  return [
    info(`@${rate}/s bot p99 / bare p99 (HTTP 200)`, ratio(bot.latencies, bare.latencies)),
    info(`@${rate}/s bot p99 / bare p99 (reply)`, ratio(bot.replies, bare.replies)),
  ];
}

async function main(): Promise<void> {
  requireCertDir();
  const rows: ResultRow[] = [];
  const notes: string[] = [];
  // As in slack-ack: the measured bot (bare or ours, one at a time under load) has CPU 0 to itself.
  const pinned = pinSelf(1);
  const connector = await startTimingConnector();
  const infra = await spawnTs(targetFile('infra'), infraSchema, { label: 'infra' });
  const bare = await spawnTs(targetFile('bare-teams'), bareSchema, { label: 'bare-teams', cpu: 0 });
  let bot: Child<z.infer<typeof botChildSchema>> | undefined;
  try {
    bot = await spawnTs(targetFile('bot'), botChildSchema, {
      label: 'bot-web',
      cpu: 0,
      env: {
        NODE_OPTIONS: imageNodeOptions(),
        BENCH_TARGETS: JSON.stringify(infra.info),
        BENCH_ROLE: 'web',
        BENCH_TEAMS: 'true',
      },
    });
    for (const { rate, count } of PHASES) {
      console.log(`teams-turn: ${count} activities at ${rate}/s against the bare botbuilder bot`);
      const bareOutcome = await measure(bare, connector, rate, count);
      console.log(`teams-turn: ${count} activities at ${rate}/s against the bot (web process)`);
      const botOutcome = await measure(bot, connector, rate, count);
      rows.push(
        ...rowsFor('bare botbuilder', rate, bareOutcome),
        ...rowsFor('bot web', rate, botOutcome),
        ...ratioRows(rate, bareOutcome, botOutcome),
      );
      const busy = (outcome: Measured) => `${(100 * outcome.generatorBusy).toFixed(0)}%`;
      notes.push(
        pinned
          ? 'CPU placement: the bot under test (bare, then ours) runs on CPU 0, which nothing else uses; generator, connector and simulator share CPU 1.'
          : 'CPU placement: not pinned (one CPU or no taskset here).',
        `@${rate}/s: generator's worst send lag ${bareOutcome.maxSendLagMs.toFixed(1)} ms (bare run), ${botOutcome.maxSendLagMs.toFixed(1)} ms (bot run); ` +
          `generator + connector process CPU ${busy(bareOutcome)} (bare run), ${busy(botOutcome)} (bot run) of one core.`,
      );
    }
    rows.push(
      info('bot web peak RSS', mb(await peakRssMb(bot.process.pid))),
      info('bare botbuilder peak RSS', mb(await peakRssMb(bare.process.pid))),
    );
    if (connector.extraReplies() + connector.otherCalls() > 0) {
      notes.push(
        `The connector also saw ${connector.extraReplies()} second replies and ${connector.otherCalls()} calls that were not replies.`,
      );
    }
  } finally {
    if (bot) {
      await bot.stop();
      // The child deletes its prefix on close; if it was killed first, this does it.
      await removePrefix(bot.info.prefix);
    }
    await bare.stop();
    await infra.stop();
    await connector.close();
  }
  notes.push(
    'Bot: startBot with ROLE=web, TEAMS_ALLOW_UNAUTHENTICATED=true, HOST=127.0.0.1 (its reply to help is the help card, ' +
      'rendered per turn, after the conversation reference is stored in Redis). Bare: CloudAdapter + ActivityHandler replying one text message, ' +
      'authentication off the same way, on its own express server. Each in its own process; the simulator and fake Slack in a third.',
    'Both answer within the turn: the reply is POSTed to the connector before /api/messages answers 200. ' +
      "HTTP 200 = send → whole response; reply = send → reply received by the fake connector, which runs in this (the load generator's) process. " +
      `Same bot and bare processes for both rates; each measured run follows a warm-up of ${WARMUP.count} activities at ${WARMUP.rate}/s. Peak RSS is VmHWM after both rates.`,
  );
  await report({ name: 'teams-turn', rows, notes });
}

await main();
