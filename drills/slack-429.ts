// Drill: Slack rate-limits the bot. While scans run, chat.postMessage, chat.update and the commands'
// response_url calls (the working message's delete) answer 429 (Retry-After 1 s) again and again;
// every card must still be posted once and end on its final status, delivered once, and no working
// message may stay behind.
import { DEFAULT_REDIS_URL, drillEnv, startDrillBot } from './lib/bot.js';
import { closeAll } from './lib/close.js';
import { DrillDriver } from './lib/driver.js';
import { requestScan, sleep, waitUntil } from './lib/flows.js';
import { account, allSettled, describeAccounting } from './lib/ledger.js';
import { runDrill, verdictOf } from './lib/result.js';
import { startStage } from './lib/stage.js';

const ACTIONS = 10;
const ROUNDS = 10;
const ROUND_MS = 500;
const METHODS = ['chat.postMessage', 'chat.update', 'response_url'] as const;

await runDrill('slack-429', async () => {
  const stage = await startStage({ lifecycle: { pendingMs: 1000, inProgressMs: 1000 } });
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
    // One more 429 for each method every half second, for the first five seconds of the run.
    const storm = (async () => {
      for (let round = 0; round < ROUNDS; round += 1) {
        for (const method of METHODS) slack.failNext(method, 429, 1);
        await sleep(ROUND_MS);
      }
    })();
    const actions = await Promise.all(stage.machines(ACTIONS, '429').map((m) => requestScan(driver, m)));
    await storm;
    await waitUntil(() => allSettled(actions, sim, slack), 60_000);
    const a = account(actions, sim, slack);
    const throttled = slack.calls().filter((c) => c.response?.error === 'ratelimited');
    const byMethod = METHODS.map((m) => `${m} ${throttled.filter((c) => c.method === m).length}`).join(', ');
    return {
      name: 'slack-429',
      done: `${ACTIONS} scans while Slack answered ${throttled.length} chat calls with 429 (Retry-After 1 s)`,
      accepted: a.accepted,
      completed: a.completed,
      lost: a.lost,
      duplicated: a.duplicated,
      workingLeft: a.workingLeft,
      verdict: verdictOf(a, [
        a.accepted === ACTIONS,
        (a.statuses.Succeeded ?? 0) === ACTIONS,
        a.repeatedFinals === 0,
      ]),
      notes: [
        `429s answered: ${byMethod}; each card's final status must arrive exactly once (repeats fail this drill)`,
        ...describeAccounting(a),
      ],
    };
  } finally {
    await closeAll([bot, { name: 'stage', close: () => stage.close() }]);
  }
});
