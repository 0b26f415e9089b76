// Benchmark: alert notification latency — from an alert's creation in the simulator to its card at
// the (fake) Slack Web API — for 200 alerts raised at a steady rate across many 5-second polls, with
// zero duplicates and zero missed as hard requirements. Runs the whole bot (role all) in-process.
// `npx tsx bench/alert-latency.ts` (it re-starts itself trusting the simulator's CA), or through the
// runner once it lists `alert-latency`. ALERT_BENCH_COUNT / ALERT_BENCH_RATE (alerts per second) tune it.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { loadConfig } from '../src/config/index.js';
import { createLogger } from '../src/core/logger.js';
import { startBot, type RunningBot } from '../src/runtime/bot.js';
import type { Simulator } from '../src/sim/index.js';
import type { SimAlert } from '../src/sim/index.js';
import { startSimulator } from '../src/sim/index.js';
import { startFakeSlack, type FakeSlackCall } from '../test/helpers/fake-slack.js';
import { signSlackRequest, slashCommandBody } from '../test/helpers/slack-signing.js';
import { BOT_TOKEN, SIGNING_SECRET, benchRedisUrl, deleteKeys } from './lib/bot.js';
import { simBotEnv } from './lib/bot-env.js';
import { makeTrustEnv } from './lib/env.js';
import { goal, info, report } from './lib/result.js';
import { summarize } from './lib/stats.js';

const POLL_SECONDS = 5;
const COUNT = Number(process.env.ALERT_BENCH_COUNT ?? 200);
const RATE = Number(process.env.ALERT_BENCH_RATE ?? 1);
const CHANNEL = 'C0ALERTBENCH';
const ADMIN = 'U0BENCHADMIN';
const GOAL_P99_MS = POLL_SECONDS * 1000 + 2000;
const SEVERITIES = ['High', 'Medium', 'Low', 'Informational'] as const;

const seconds = (value: number): string => `${(value / 1000).toFixed(2)} s`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Node trusts the simulator's CA only if told at start: re-run this file with the env that says so. */
async function relaunchTrusted(): Promise<void> {
  const trust = await makeTrustEnv();
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    env: { ...process.env, ...trust.env },
    stdio: 'inherit',
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  await rm(trust.dir, { recursive: true, force: true });
  process.exitCode = code ?? 1;
}

async function subscribe(slackEvents: string): Promise<void> {
  const body = slashCommandBody({
    text: 'subscribe informational',
    user_id: ADMIN,
    channel_id: CHANNEL,
    response_url: 'http://127.0.0.1:9/unused',
  });
  const response = await fetch(slackEvents, {
    method: 'POST',
    body,
    headers: {
      ...signSlackRequest(SIGNING_SECRET, body),
      'content-type': 'application/x-www-form-urlencoded',
    },
  });
  const text = await response.text();
  if (!text.includes('Subscribed')) throw new Error(`subscribe failed: ${response.status} ${text}`);
}

/** The real bot (role all) with an admin who may subscribe, on a private prefix removed on close. */
async function startAlertBot(
  sim: Simulator,
  slackApiUrl: string,
): Promise<RunningBot & { slackEvents: string }> {
  const prefix = `bench-${randomUUID()}`;
  const dir = await mkdtemp(join(tmpdir(), 'defbot-bench-'));
  await writeFile(
    join(dir, 'rbac.yaml'),
    `roles:\n  admin: ["slack:${ADMIN}"]\nuserContext: off\napprovals:\n  ttlMinutes: 60\n  actions: [isolate]\n`,
  );
  const config = loadConfig(
    simBotEnv(
      { simUrl: sim.url, tenantId: sim.tenantId, slackApiUrl },
      {
        role: 'all',
        prefix,
        redisUrl: benchRedisUrl(),
        rbacFile: join(dir, 'rbac.yaml'),
        signingSecret: SIGNING_SECRET,
        botToken: BOT_TOKEN,
        logLevel: 'warn',
        extra: { ALERT_POLL_SECONDS: String(POLL_SECONDS) },
      },
    ),
  );
  const bot = await startBot({ config, logger: createLogger({ level: 'warn' }), isolatedMetrics: true });
  return {
    ...bot,
    slackEvents: `${bot.url}/slack/events`,
    async close() {
      await bot.close();
      const redis = new Redis(config.redisUrl);
      await deleteKeys(redis, prefix).finally(() => redis.disconnect());
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function run(): Promise<void> {
  const sim = await startSimulator({ certDir: process.env.SIM_CERT_DIR! });
  const slack = await startFakeSlack({ botToken: BOT_TOKEN });
  const bot = await startAlertBot(sim, slack.apiUrl);
  try {
    await subscribe(bot.slackEvents);
    const machines = sim.mde.listMachines();
    const created = new Map<string, number>();
    const arrived = new Map<string, number[]>();
    let seen = 0;
    const watch = setInterval(() => {
      const calls = slack.calls();
      for (; seen < calls.length; seen++) {
        const call: FakeSlackCall = calls[seen]!;
        if (call.method !== 'chat.postMessage' || call.response?.ok !== true || call.body.channel !== CHANNEL)
          continue;
        const text = JSON.stringify(call.body);
        for (const id of created.keys())
          if (text.includes(id)) arrived.set(id, [...(arrived.get(id) ?? []), Date.now()]);
      }
    }, 10);

    const started = Date.now();
    for (let i = 0; i < COUNT; i++) {
      await sleep(Math.max(0, started + (i * 1000) / RATE - Date.now()));
      const alert: SimAlert = sim.mde.addAlert({
        title: `Bench alert ${i}`,
        severity: SEVERITIES[i % 4]!,
        machineId: machines[i % machines.length]!.id,
      });
      created.set(alert.id, Date.now());
    }
    const deadline = Date.now() + 3 * POLL_SECONDS * 1000 + 10_000;
    while (arrived.size < COUNT && Date.now() < deadline) await sleep(100);
    await sleep(2 * POLL_SECONDS * 1000); // late duplicates would show up here
    clearInterval(watch);

    const latencies = [...arrived].map(([id, times]) => times[0]! - created.get(id)!);
    const duplicates = [...arrived.values()].filter((times) => times.length > 1).length;
    const missed = COUNT - arrived.size;
    const digests = slack
      .calls()
      .filter(
        (c) =>
          c.method === 'chat.postMessage' &&
          c.body.channel === CHANNEL &&
          String(c.body.text).includes('new Defender alerts'),
      ).length;
    const stats = summarize(latencies);
    await report({
      name: 'alert-latency',
      rows: [
        info('alerts', `${COUNT} at ${RATE}/s over ${seconds(Date.now() - started)}, poll ${POLL_SECONDS} s`),
        info('latency p50', seconds(stats.p50)),
        goal('latency p99', seconds(stats.p99), `<= ${seconds(GOAL_P99_MS)}`, stats.p99 <= GOAL_P99_MS),
        info('latency max', seconds(stats.max)),
        goal('duplicates', String(duplicates), '0', duplicates === 0),
        goal('missed', String(missed), '0', missed === 0),
        info('digest cards', String(digests)),
      ],
      notes: [
        'Latency = creation in the simulator -> chat.postMessage at the fake Slack API (in-process, 10 ms sampling).',
        'One channel: posts of one poll are spaced 1.1 s apart for Slack’s ~1 message/s per channel, oldest alert first.',
      ],
    });
  } finally {
    await bot.close();
    await slack.close();
    await sim.close();
  }
}

if (!process.env.SIM_CERT_DIR || !process.env.NODE_EXTRA_CA_CERTS) await relaunchTrusted();
else await run();
