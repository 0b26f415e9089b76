// Drill: Redis restarts mid-flow with persistence on (AOF, fsync always). Scans are in flight when
// a private redis-server is stopped; commands sent while it is down must be told to try again; it
// comes back on the same port and directory after ~2 s, and every accepted scan must finish once.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { drillEnv, startDrillBot } from './lib/bot.js';
import { DrillDriver } from './lib/driver.js';
import { requestScan, sleep, waitUntil } from './lib/flows.js';
import { account, allSettled, describeAccounting, finalMessages, submissions } from './lib/ledger.js';
import { startPrivateRedis } from '../bench/lib/redis-server.js';
import { runDrill, verdictOf, type DrillResult } from './lib/result.js';
import { startStage } from './lib/stage.js';
import { closeAll } from './lib/close.js';

const ACTIONS = 10;
const WHILE_DOWN = 3;
const DOWN_MS = 2000;

await runDrill('redis-restart', async (): Promise<DrillResult> => {
  const stage = await startStage({ lifecycle: { pendingMs: 1500, inProgressMs: 1500 } });
  const redisDir = join(stage.dir, 'redis');
  await mkdir(redisDir);
  const redis = await startPrivateRedis(redisDir, { persistent: true });
  if (!redis) {
    await stage.close();
    return {
      name: 'redis-restart',
      done: 'skipped: no redis-server on the PATH',
      accepted: 0,
      completed: 0,
      lost: 0,
      duplicated: 0,
      workingLeft: 0,
      verdict: 'skipped',
      notes: ['install redis-server to run this drill'],
    };
  }
  const env = drillEnv(stage.targets, {
    role: 'all',
    prefix: stage.prefix,
    redisUrl: redis.url,
    rbacFile: stage.rbacFile,
  });
  const bot = await startDrillBot(env, stage.dir);
  try {
    const { sim, slack } = stage;
    const driver = new DrillDriver(bot.slackEvents, slack);
    const before = await Promise.all(stage.machines(ACTIONS, 'redis').map((m) => requestScan(driver, m)));
    await waitUntil(
      () => before.filter((a) => submissions(sim.calls(), a) > 0).length >= ACTIONS * 0.3,
      30_000,
      10,
    );
    const submittedAtStop = before.filter((a) => submissions(sim.calls(), a) > 0).length;
    const stoppedAt = Date.now();
    console.log(`  ${submittedAtStop}/${ACTIONS} scans submitted; stopping Redis`);
    await redis.stop();
    // Sent while Redis is down: each must be refused ("try again") or, if it waited for Redis, accepted and finished.
    const whileDown = Promise.all(
      stage.machines(WHILE_DOWN, 'redis-down').map((m) => requestScan(driver, m)),
    );
    await sleep(Math.max(0, DOWN_MS - (Date.now() - stoppedAt)));
    await redis.restart();
    const downtimeMs = Date.now() - stoppedAt;
    console.log(`  Redis back after ${downtimeMs} ms`);
    const duringOutage = await whileDown;
    console.log(
      `  answers to the commands sent while down: ${duringOutage.map((d) => (d.accepted ? 'accepted' : d.refusal)).join(', ')}`,
    );
    const actions = [...before, ...duringOutage];
    await waitUntil(() => allSettled(actions, sim, slack), 60_000);
    console.log('  waiting done; closing');
    const a = account(actions, sim, slack);
    /** What a card that ended Failed said, while MDE itself ran the action to Succeeded. */
    const failedCards = (channels: string[]) =>
      channels
        .flatMap((channel) => finalMessages(slack.calls(), channel).slice(-1))
        .filter((c) => /: Failed/.test(String(c.body.text)))
        .map(
          (c) =>
            `card ended Failed although MDE shows ${sim.mde.listActions().find((x) => String(c.body.text).includes(x.computerDnsName ?? '\u0000'))?.status ?? 'the action'}: ${String(c.body.text).slice(0, 300)}`,
        );
    const refused = duringOutage.filter((d) => !d.accepted);
    const unclear = refused.filter((d) => d.refusal !== 'try again');
    return {
      name: 'redis-restart',
      done: `${ACTIONS} scans; Redis (AOF, fsync always) stopped with ${submittedAtStop} submitted, back after ${(downtimeMs / 1000).toFixed(1)} s; ${WHILE_DOWN} commands sent while down`,
      accepted: a.accepted,
      completed: a.completed,
      lost: a.lost,
      duplicated: a.duplicated,
      workingLeft: a.workingLeft,
      // MDE ran every scan to Succeeded, so a card saying Failed misinforms the user.
      verdict: verdictOf(a, [
        before.every((b) => b.accepted),
        unclear.length === 0,
        a.refusedButRun === 0,
        (a.statuses.Succeeded ?? 0) === a.accepted,
      ]),
      notes: [
        `commands sent while Redis was down: ${refused.length} told "try again", ${WHILE_DOWN - refused.length} accepted (and counted)${unclear.length ? `; ${unclear.length} got neither: ${unclear.map((u) => u.refusal).join('; ')}` : ''}`,
        ...failedCards(actions.map((x) => x.channel)),
        ...describeAccounting(a),
      ],
    };
  } finally {
    await closeAll([
      bot,
      { name: 'redis-server', close: () => redis.stop() },
      { name: 'stage', close: () => stage.close() },
    ]);
  }
});
