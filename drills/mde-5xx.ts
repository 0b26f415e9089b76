// Drill: an MDE 5xx storm. The action route and the action reads answer 500 then 503 for a stretch
// while scans are submitted; every accepted scan must still finish, with one MDE action each.
import { DEFAULT_REDIS_URL, drillEnv, startDrillBot } from './lib/bot.js';
import { DrillDriver } from './lib/driver.js';
import { requestScan, waitUntil } from './lib/flows.js';
import { account, allSettled, describeAccounting } from './lib/ledger.js';
import { runDrill, verdictOf } from './lib/result.js';
import { startStage } from './lib/stage.js';
import { closeAll } from './lib/close.js';

const ACTIONS = 10;
const STORM = 20;
/** The scan route, and the action reads (one action's status, and the list a retry adopts from). */
const STORM_ROUTES = /^(POST \/api\/machines\/[^/]+\/runAntiVirusScan|GET \/api\/machineactions(\/[^/]+)?)$/;

await runDrill('mde-5xx', async () => {
  const stage = await startStage({ lifecycle: { pendingMs: 500, inProgressMs: 500 } });
  const env = drillEnv(stage.targets, {
    role: 'all',
    prefix: stage.prefix,
    redisUrl: process.env.REDIS_URL ?? DEFAULT_REDIS_URL,
    rbacFile: stage.rbacFile,
  });
  const bot = await startDrillBot(env, stage.dir);
  try {
    const { sim, slack } = stage;
    const driver = new DrillDriver(bot.slackEvents, slack);
    const machines = stage.machines(ACTIONS, '5xx');
    sim.injectFault({ match: STORM_ROUTES, kind: '500', count: STORM / 2 });
    sim.injectFault({ match: STORM_ROUTES, kind: '503', count: STORM / 2 });
    const actions = await Promise.all(machines.map((machine) => requestScan(driver, machine)));
    await waitUntil(() => allSettled(actions, sim, slack), 60_000);
    const faulted = sim.calls().filter((c) => c.fault !== undefined);
    const a = account(actions, sim, slack);
    const succeeded = a.statuses.Succeeded ?? 0;
    return {
      name: 'mde-5xx',
      done: `${ACTIONS} scans while the scan route and action reads answered ${STORM / 2}×500 then ${STORM / 2}×503`,
      accepted: a.accepted,
      completed: a.completed,
      lost: a.lost,
      duplicated: a.duplicated,
      workingLeft: a.workingLeft,
      verdict: verdictOf(a, [a.accepted === ACTIONS, succeeded === ACTIONS, faulted.length === STORM]),
      notes: [
        `${faulted.length} MDE calls answered by the storm (${faulted.filter((c) => c.method === 'POST').length} scan POSTs, ${faulted.filter((c) => c.method === 'GET').length} action reads); all ${succeeded} of ${ACTIONS} scans Succeeded after it`,
        ...describeAccounting(a),
      ],
    };
  } finally {
    await closeAll([bot, { name: 'stage', close: () => stage.close() }]);
  }
});
