// Benchmark: one viewer sends `machine` lookups as fast as the bot lets one person while an approver
// approves 50 isolations (each requested by a responder), all through the real Slack endpoint. Is
// every isolation still submitted as soon as MDE's budget allows, with no 429? The same approvals
// without the flood, earlier in the run, are the baseline. The bot runs as a web and a worker child
// process; the simulator (MDE's limits, real windows unless BENCH_TIME_SCALE shortens them), the
// fake Slack and the driver share this process.
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { createAuditTrail } from '../src/audit/index.js';
import { createLogger } from '../src/core/logger.js';
import { startSimulator, type CallRecord } from '../src/sim/index.js';
import { startFakeSlack, type FakeSlack, type FakeSlackCall } from '../test/helpers/fake-slack.js';
import { buttons, tsOf, type SlackButton } from '../test/helpers/slack-flow.js';
import { blockActionsBody, signSlackRequest, slashCommandBody } from '../test/helpers/slack-signing.js';
import { BOT_TOKEN, SIGNING_SECRET, USERS, benchRedisUrl } from './lib/bot.js';
import { requireCertDir } from './lib/env.js';
import { startFlood } from './lib/flood.js';
import { goal, info, report, type ResultRow } from './lib/result.js';
import { TIME_SCALE, scaledLifecycle, scaledLimits as limits } from './lib/scaled.js';
import { startSplitBot } from './lib/split-bot.js';
import { summarize } from './lib/stats.js';
import { describeWindows, earliestSchedule } from './lib/windows.js';

/** Isolations approved during the flood; as many again are approved before it, as the baseline. */
const ISOLATIONS = 50;
/** The responder's requests and the approver's clicks, per second. */
const REQUEST_RATE = 10;
const APPROVAL_RATE = 5;
const RATIO_GOAL = 1.1;
const FOLLOW_TIMEOUT_MS = 150_000;
const VIEWER_CHANNEL = 'C0LOOKFLOOD';
const LOOKUP_TARGET = 'look-00';

/** The API budget every family member has: 100 calls a minute (scaled with the windows). */
const PER_API = limits.standard[0]!;
/** What MDE answers on one API, per second (1.7 at the real windows). */
const API_RATE = (PER_API.limit * 1000) / PER_API.windowMs;
/**
 * Ten lookups a second, six times what MDE answers, so a line of lookups always waits; with shorter
 * windows (BENCH_TIME_SCALE) twice what it answers, so the run tests the budget rather than how many
 * commands a second two shared cores can take.
 */
const VIEWER_RATE = Math.max(10, 2 * API_RATE);
/** The per-person limit the bot runs with, so the viewer is allowed that rate. */
const COMMAND_RATE_PER_MINUTE = Math.ceil(VIEWER_RATE * 60);
/**
 * How long the viewer floods before the first approval. Its first window's worth of lookups goes at
 * once, the rest wait in line; the line starts moving a window after the flood began, which this
 * puts in the middle of the approvals: reads are being answered while isolations are approved.
 */
const HEAD_START_MS = Math.max(2000, PER_API.windowMs - (ISOLATIONS * 1000) / APPROVAL_RATE / 2);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number): string => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : 'n/a');
const isIsolation = (call: CallRecord): boolean =>
  call.method === 'POST' && call.path.endsWith('/isolate') && call.status === 201;
const isLookup = (call: CallRecord): boolean => call.method === 'GET' && call.path === '/api/machines';

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(100);
  }
  return check();
}

/** Sends `count` things at `ratePerSecond`, `send(i)` each, without waiting for earlier ones. */
async function paced(
  count: number,
  ratePerSecond: number,
  send: (index: number) => Promise<void>,
): Promise<void> {
  const start = performance.now();
  const sent: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / ratePerSecond - performance.now();
    if (due > 0) await sleep(due);
    sent.push(send(i));
  }
  await Promise.all(sent);
}

async function postSigned(url: string, body: string): Promise<number> {
  const headers = {
    ...signSlackRequest(SIGNING_SECRET, body),
    'content-type': 'application/x-www-form-urlencoded',
  };
  const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
  await response.arrayBuffer();
  return response.status;
}

interface PendingApproval {
  machineId: string;
  channel: string;
  ts: string;
  approve: SlackButton;
}

interface Approved {
  /** When each approval was sent, by machine id (epoch ms). */
  at: Map<string, number>;
  non2xx: number;
}

/** The approver clicks Approve on each card at APPROVAL_RATE. */
async function approveAll(url: string, approvals: readonly PendingApproval[]): Promise<Approved> {
  const approved: Approved = { at: new Map(), non2xx: 0 };
  await paced(approvals.length, APPROVAL_RATE, async (i) => {
    const approval = approvals[i]!;
    const body = blockActionsBody({
      userId: USERS.approver,
      channelId: approval.channel,
      messageTs: approval.ts,
      actions: [approval.approve],
    });
    approved.at.set(approval.machineId, Date.now());
    const status = await postSigned(url, body);
    if (status < 200 || status >= 300) approved.non2xx += 1;
  });
  return approved;
}

/** The approval card the bot posted in `channel`, once it is there. */
async function approvalCard(slack: FakeSlack, channel: string, machineId: string): Promise<PendingApproval> {
  const card: FakeSlackCall = await slack.waitFor(
    (c) =>
      c.method === 'chat.postMessage' &&
      c.body.channel === channel &&
      c.response?.ok === true &&
      buttons(c).some((b) => b.action_id.startsWith('approval.approve')),
    120_000,
  );
  return {
    machineId,
    channel,
    ts: tsOf(card),
    approve: buttons(card).find((b) => b.action_id.startsWith('approval.approve'))!,
  };
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
    botEnv: { COMMAND_RATE_PER_MINUTE: String(COMMAND_RATE_PER_MINUTE) },
  });
  const slackEvents = bot.web.info.slackEvents;
  const redis = new Redis(benchRedisUrl());
  const audit = createAuditTrail({ redis, prefix: bot.prefix, logger: createLogger({ level: 'silent' }) });
  try {
    sim.mde.addMachine({ computerDnsName: `${LOOKUP_TARGET}.bench.local` });
    const targets = Array.from({ length: 2 * ISOLATIONS }, (_, i) => {
      const name = `iso-${String(i).padStart(3, '0')}`;
      return {
        name,
        channel: `C0ISO${String(i).padStart(3, '0')}`,
        machine: sim.mde.addMachine({ computerDnsName: `${name}.bench.local` }),
      };
    });
    console.log(
      `lookup-flood: ${2 * ISOLATIONS} isolations requested; ${ISOLATIONS} approved at ${APPROVAL_RATE}/s alone, then ${ISOLATIONS} while a viewer sends ` +
        `${VIEWER_RATE.toFixed(1)} lookups/s (COMMAND_RATE_PER_MINUTE=${COMMAND_RATE_PER_MINUTE}); MDE limits ${describeWindows(limits.standard)} per API`,
    );

    // 1. The responder asks for every isolation, by machine id (a lookup API of its own, so the
    // requests leave the viewer's lookup budget whole); each request posts an approval card.
    await paced(targets.length, REQUEST_RATE, async (i) => {
      const { machine, channel } = targets[i]!;
      const body = slashCommandBody({
        text: `isolate ${machine.id} full lookup-flood bench`,
        user_id: USERS.responder,
        channel_id: channel,
        response_url: slack.responseUrl(`iso${i}`),
      });
      await postSigned(slackEvents, body);
    });
    const approvals = await Promise.all(targets.map((t) => approvalCard(slack, t.channel, t.machine.id)));
    const submitted = () => sim.calls().filter(isIsolation);

    // 2. The baseline: half of them approved with nothing else going on.
    const quiet = await approveAll(slackEvents, approvals.slice(0, ISOLATIONS));
    await waitFor(() => submitted().length >= ISOLATIONS, 3 * PER_API.windowMs + 30_000);
    console.log(
      `lookup-flood: baseline done; the viewer floods for ${(HEAD_START_MS / 1000).toFixed(0)} s before the next approvals`,
    );

    // 3. The viewer floods; after its head start the other half is approved.
    const flood = startFlood({
      url: slackEvents,
      signingSecret: SIGNING_SECRET,
      text: `machine ${LOOKUP_TARGET}`,
      userId: USERS.viewer,
      channelId: VIEWER_CHANNEL,
      ratePerSecond: VIEWER_RATE,
      responseUrl: (i) => slack.responseUrl(`look${i}`),
    });
    await sleep(HEAD_START_MS);
    const busy = await approveAll(slackEvents, approvals.slice(ISOLATIONS));
    const allSubmitted = await waitFor(
      () => submitted().length >= 2 * ISOLATIONS,
      3 * PER_API.windowMs + 30_000,
    );
    const flooded = await flood.stop();
    console.log(
      `lookup-flood: ${allSubmitted ? 'all' : 'NOT all'} isolations submitted; following them to the end`,
    );
    const outcomes = async () =>
      (await audit.readRecent(40 * ISOLATIONS)).filter(
        (e) => e.type === 'mde-outcome' && e.verb === 'isolate',
      );
    await waitFor(async () => (await outcomes()).length >= 2 * ISOLATIONS, FOLLOW_TIMEOUT_MS);

    const calls = sim.calls();
    const submittedAt = new Map(
      calls.filter(isIsolation).map((c) => [c.path.split('/')[3]!, Date.parse(c.at)]),
    );
    const delaysOf = (approved: Approved) =>
      summarize(
        [...approved.at].flatMap(([id, at]) => (submittedAt.has(id) ? [submittedAt.get(id)! - at] : [])),
      );
    const firstApproval = Math.min(...busy.at.values());
    const busyIds = [...busy.at.keys()];
    const busySubmitted = busyIds.filter((id) => submittedAt.has(id)).length;
    const lastSubmitted = Math.max(...busyIds.map((id) => submittedAt.get(id) ?? Number.NaN));
    const actual = lastSubmitted - firstApproval;
    // Each isolation may go out once approved, and as MDE's windows for the isolate API allow
    // (counting the baseline's isolations, which are still in the hour window).
    const quietTimes = [...quiet.at.keys()]
      .map((id) => submittedAt.get(id) ?? Number.NaN)
      .filter(Number.isFinite);
    const ready = [...quietTimes, ...busy.at.values()].sort((a, b) => a - b);
    const earliest = earliestSchedule(ready, limits.standard);
    const minimum = earliest.at(-1)! - firstApproval;
    const approvalSpan = Math.max(...busy.at.values()) - firstApproval;
    const bound = minimum > approvalSpan ? 'the isolate API’s windows bind' : 'here the approvals’ own span';
    const ratio = actual / minimum;
    const withFlood = delaysOf(busy);
    const alone = delaysOf(quiet);
    const throttled = calls.filter((c) => c.status === 429);
    const cards = slack
      .calls()
      .filter(
        (c) =>
          c.method === 'chat.postMessage' && c.body.channel === VIEWER_CHANNEL && c.response?.ok === true,
      );
    const during = (at: number) => at >= firstApproval && at <= lastSubmitted;
    const lookupsDuring = calls.filter(
      (c) => isLookup(c) && c.status === 200 && during(Date.parse(c.at)),
    ).length;
    const done = await outcomes();
    const polls = calls.filter(
      (c) => c.method === 'GET' && /^\/api\/machineactions\/[^/]+$/.test(c.path),
    ).length;
    const floodSeconds = (flooded.lastSentAt - flooded.firstSentAt) / 1000;
    const delays = (summary: typeof alone) =>
      `p50 ${seconds(summary.p50)}, p99 ${seconds(summary.p99)}, max ${seconds(summary.max)}`;

    const rows: ResultRow[] = [
      info(
        'isolations answered 201 by MDE during the flood',
        `${busySubmitted} / ${ISOLATIONS} (before it: ${quietTimes.length} / ${ISOLATIONS})`,
      ),
      info('first approval → last isolation submitted', seconds(actual)),
      info(
        'minimum by MDE budget',
        `${seconds(minimum)}: each isolation once approved, ${describeWindows(limits.standard)} on the isolate API (${bound})`,
      ),
      goal(
        'actual / minimum',
        ratio.toFixed(2),
        `≤ ${RATIO_GOAL}`,
        busySubmitted === ISOLATIONS && ratio <= RATIO_GOAL,
      ),
      info('approval → its isolation submitted, during the flood', delays(withFlood)),
      info('the same without the flood (baseline, same run)', delays(alone)),
      info(
        'viewer lookups',
        `${flooded.sent} sent in ${floodSeconds.toFixed(1)} s, ${flooded.taken} taken, ${flooded.slowDown} refused by the per-person rate, ${flooded.non2xx + flooded.errors} failed`,
      ),
      info(
        'lookups answered',
        `${lookupsDuring} by MDE between the first approval and the last isolation; ${cards.length} machine cards by the end`,
      ),
      goal('429s answered by MDE', `${throttled.length}`, '0', throttled.length === 0),
      info(
        'isolations followed to a final status',
        `${done.length} / ${2 * ISOLATIONS}, Succeeded ${done.filter((e) => e.outcome === 'Succeeded').length}; ${polls} status reads`,
      ),
      info('approval clicks non-2xx', `${quiet.non2xx + busy.non2xx}`),
    ];
    const notes = [
      `The bot runs with COMMAND_RATE_PER_MINUTE=${COMMAND_RATE_PER_MINUTE} (default 30) so one viewer may send ${VIEWER_RATE.toFixed(1)} \`machine ${LOOKUP_TARGET}\` a second, ${(VIEWER_RATE / API_RATE).toFixed(0)} times what MDE answers on the lookup API. ` +
        `The flood starts ${(HEAD_START_MS / 1000).toFixed(0)} s before the first approval: its first window's lookups are answered at once, the rest wait in line, and the line starts moving (a window after the flood began) in the middle of the approvals.`,
      `Sim: MDE's limits${TIME_SCALE === 1 ? ', at their real windows' : ` with windows ${TIME_SCALE}× shorter (BENCH_TIME_SCALE)`} (${describeWindows(limits.standard)} per API and app), actions Pending 200 ms then InProgress 300 ms; ` +
        'bot budgets the same windows, status polls from 200 ms, at most 1 s apart. Web and worker are child processes on one Redis prefix.',
      `Driven through the real Slack endpoint: ${2 * ISOLATIONS} signed \`/defender isolate <machine id> full …\` from a responder at ${REQUEST_RATE}/s, each posting an approval card; ` +
        `the approver's signed Approve clicks at ${APPROVAL_RATE}/s, first for ${ISOLATIONS} of them alone (the baseline), then for the other ${ISOLATIONS} during the flood.`,
      'MDE counts each API apart: the lookups (GET /machines) and the isolations (POST …/isolate) never share a window, so the minimum is set by when each isolation was approved, and what is measured is whether the flood delays them anyway ' +
        '(worker slots, queue, Redis, the web process). The budget reserve for actions applies on the APIs they share with reads (machine action status and lists), which a `machine` flood does not touch.',
    ];
    if (!allSubmitted) notes.push('Not every isolation was submitted within the wait; the ratio is not met.');
    await report({ name: 'lookup-flood', rows, notes });
  } finally {
    redis.disconnect();
    await bot.stop();
    await slack.close();
    await sim.close();
  }
}

await main();
