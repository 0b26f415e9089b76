// Drill: a worker SIGKILLed during actions. The bot runs as production splits it (this process is
// the web role, workers are child processes); approved isolations and scans are in flight when the
// worker is killed mid-way and another is started. Each machine must see exactly one MDE action
// and every card must reach a final status.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { spawnTs, type Child } from '../bench/lib/child.js';
import { DEFAULT_REDIS_URL, drillEnv, startDrillBot } from './lib/bot.js';
import { DrillDriver } from './lib/driver.js';
import { requestIsolation, requestScan, waitUntil } from './lib/flows.js';
import { account, allSettled, describeAccounting, submissions } from './lib/ledger.js';
import { runDrill, verdictOf } from './lib/result.js';
import { startStage } from './lib/stage.js';
import { closeAll } from './lib/close.js';

const ISOLATIONS = 5;
const SCANS = 5;
const workerInfo = z.object({ pid: z.number(), port: z.number() });

await runDrill('worker-kill', async () => {
  const stage = await startStage({ lifecycle: { pendingMs: 1500, inProgressMs: 1500 } });
  const { sim, slack } = stage;
  const config = (role: 'web' | 'worker') =>
    drillEnv(stage.targets, {
      role,
      prefix: stage.prefix,
      redisUrl: process.env.REDIS_URL ?? DEFAULT_REDIS_URL,
      rbacFile: stage.rbacFile,
    });
  const web = await startDrillBot(config('web'), stage.dir);
  const workers: Child<z.infer<typeof workerInfo>>[] = [];
  const startWorker = async (label: string) => {
    const worker = await spawnTs(new URL('./lib/worker-process.ts', import.meta.url).pathname, workerInfo, {
      label,
      env: { ...config('worker'), DRILL_LOG_DIR: stage.dir },
    });
    workers.push(worker);
    return worker;
  };
  try {
    const driver = new DrillDriver(web.slackEvents, slack);
    const first = await startWorker('worker-1');
    const pending = await Promise.all(
      stage.machines(ISOLATIONS, 'kill-iso').map((m) => requestIsolation(driver, slack, m)),
    );
    const actions = await Promise.all([
      ...pending.map((p) => p.approve()),
      ...stage.machines(SCANS, 'kill-scan').map((m) => requestScan(driver, m)),
    ]);
    const submitted = () => actions.filter((a) => submissions(sim.calls(), a) > 0).length;
    // Mid-way: about half the actions are in MDE, the rest are being submitted or not yet picked up.
    await waitUntil(() => submitted() >= actions.length / 2, 30_000, 10);
    const beforeKill = submitted();
    const finalBeforeKill = actions.filter((a) => allSettled([a], sim, slack)).length;
    first.process.kill('SIGKILL');
    await new Promise((resolve) =>
      first.process.exitCode !== null || first.process.signalCode !== null
        ? resolve(undefined)
        : first.process.once('exit', resolve),
    );
    await startWorker('worker-2');
    await waitUntil(() => allSettled(actions, sim, slack), 60_000);
    const a = account(actions, sim, slack);
    const log = await readFile(`${stage.dir}/bot-worker.log`, 'utf8').catch(() => '');
    const adopted = log
      .split('\n')
      .filter((line) => line.includes('adopting an action MDE already has')).length;
    return {
      name: 'worker-kill',
      done: `${ISOLATIONS} approved isolations + ${SCANS} scans; worker SIGKILLed with ${beforeKill}/${actions.length} submitted, a new worker started`,
      accepted: a.accepted,
      completed: a.completed,
      lost: a.lost,
      duplicated: a.duplicated,
      workingLeft: a.workingLeft,
      verdict: verdictOf(a, [a.accepted === actions.length, (a.statuses.Succeeded ?? 0) === actions.length]),
      notes: [
        `at the kill: ${beforeKill} actions submitted to MDE, ${finalBeforeKill} already final; the second worker adopted ${adopted} action(s) MDE already had`,
        ...describeAccounting(a),
      ],
    };
  } finally {
    await closeAll([
      web,
      ...workers.map((w, i) => ({ name: `worker-${i + 1}`, close: () => w.stop() })),
      { name: 'stage', close: () => stage.close() },
    ]);
  }
});
