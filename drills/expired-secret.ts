// Drill: the app's client secret stops working (it expired, or was rotated without updating the
// bot) while approved isolations and scans are queued. Every accepted request must end in a clear
// failure the user sees (nothing silently dropped), nothing may reach MDE twice, and once the
// secret works again a new command must succeed.
import { randomUUID } from 'node:crypto';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '../src/sim/index.js';
import { DEFAULT_REDIS_URL, drillEnv, startDrillBot } from './lib/bot.js';
import { closeAll } from './lib/close.js';
import { DrillDriver } from './lib/driver.js';
import { requestIsolation, requestScan, waitUntil } from './lib/flows.js';
import {
  account,
  allSettled,
  describeAccounting,
  finalMessages,
  privateNotes,
  submissions,
} from './lib/ledger.js';
import { runDrill, verdictOf } from './lib/result.js';
import { startStage } from './lib/stage.js';

const ISOLATIONS = 4;
const SCANS = 3;
/** What tells the user the bot's credential is the problem, not the machine or Defender. */
const CLEAR_FAILURE = /token from Entra ID|credential/i;

await runDrill('expired-secret', async () => {
  // Tokens shorter than five minutes: MSAL asks Entra on every call, so a broken secret shows at once.
  const stage = await startStage({
    lifecycle: { pendingMs: 500, inProgressMs: 500 },
    accessTokenLifetimeSeconds: 120,
  });
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
    const app = sim.apps.get(DEFAULT_CLIENT_ID.toLowerCase());
    if (!app) throw new Error('the simulator has no default app');
    // Approval cards are up (the machine lookups worked); then the secret stops working.
    const pending = await Promise.all(
      stage.machines(ISOLATIONS, 'secret-iso').map((m) => requestIsolation(driver, slack, m)),
    );
    const brokenAt = new Date().toISOString();
    app.secret = `rotated-${randomUUID()}`;
    const broken = await Promise.all([
      ...pending.map((p) => p.approve()),
      ...stage.machines(SCANS, 'secret-scan').map((m) => requestScan(driver, m)),
    ]);
    await waitUntil(() => allSettled(broken, sim, slack, true), 60_000);
    const submittedWhileBroken = broken.reduce((n, a) => n + submissions(sim.calls(), a), 0);
    const failureTexts = broken
      .flatMap((a) => [...finalMessages(slack.calls(), a.channel), ...privateNotes(slack.calls(), a.channel)])
      .map((c) => JSON.stringify([c.body.text, c.body.blocks]));
    const unclear = broken.filter((a) => {
      const seen = [...finalMessages(slack.calls(), a.channel), ...privateNotes(slack.calls(), a.channel)];
      return (
        a.accepted && !seen.some((c) => CLEAR_FAILURE.test(JSON.stringify([c.body.text, c.body.blocks])))
      );
    });
    const refusedTokens = sim.tokenRequests().filter((t) => !t.success && t.at >= brokenAt);

    app.secret = DEFAULT_CLIENT_SECRET;
    const [afterFix] = stage.machines(1, 'secret-fixed');
    const fixed = await requestScan(driver, afterFix!);
    await waitUntil(() => allSettled([fixed], sim, slack), 30_000);

    const a = account([...broken, fixed], sim, slack, { privateFailureCounts: true });
    const fixedWorked = account([fixed], sim, slack).statuses.Succeeded === 1;
    return {
      name: 'expired-secret',
      done: `client secret broken with ${ISOLATIONS} isolations awaiting approval; approved them + ${SCANS} scans; secret fixed, 1 new scan`,
      accepted: a.accepted,
      completed: a.completed,
      lost: a.lost,
      duplicated: a.duplicated,
      workingLeft: a.workingLeft,
      verdict: verdictOf(a, [
        submittedWhileBroken === 0,
        unclear.length === 0,
        fixedWorked,
        broken.every((b) => b.accepted),
      ]),
      notes: [
        `while broken: ${refusedTokens.length} token request(s) refused (${[...new Set(refusedTokens.map((t) => t.error))].join(', ')}), ${submittedWhileBroken} MDE submission(s); ` +
          `${broken.length - unclear.length}/${broken.length} users got a failure naming the credential${unclear.length ? `; unclear in ${unclear.map((u) => u.channel).join(', ')}` : ''}`,
        `what the user read, e.g.: ${failureTexts[0]?.slice(0, 300) ?? 'nothing'}`,
        `after the fix: the new scan ${fixedWorked ? 'Succeeded' : 'did NOT succeed'}`,
        ...describeAccounting(a),
      ],
    };
  } finally {
    await closeAll([bot, { name: 'stage', close: () => stage.close() }]);
  }
});
