// Alert polling with several worker processes on one Redis: one message per alert per channel
// however many workers poll, and a worker that dies between the fetch and the hand-over to the
// notify queue loses nothing — the cursor did not move, so the next poll delivers, once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/core/logger.js';
import type { Alert } from '../../src/defender/index.js';
import { startBot, type RunningBot } from '../../src/runtime/bot.js';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  type SimAlert,
  type Simulator,
} from '../../src/sim/index.js';
import { BOT_TOKEN, USERS, startTestBot } from '../helpers/bot.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { content, SlackDriver } from '../helpers/slack-flow.js';
import { startTestSimulator } from '../helpers/sim.js';

const POLL_SECONDS = 5;
const ONE_POLL = POLL_SECONDS * 1000 + 5000;

let sim: Simulator;
let slack: FakeSlack;

beforeAll(async () => {
  sim = await startTestSimulator();
  slack = await startFakeSlack({ botToken: BOT_TOKEN });
});
afterAll(async () => {
  await slack.close();
  await sim.close();
});

/** Another process of the same installation: role worker, same Redis prefix. */
function startExtraWorker(prefix: string): Promise<RunningBot> {
  const config = loadConfig({
    ROLE: 'worker',
    HOST: '127.0.0.1',
    PORT: '0',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: prefix,
    AZURE_TENANT_ID: sim.tenantId,
    AZURE_CLIENT_ID: DEFAULT_CLIENT_ID,
    AZURE_CLIENT_SECRET: DEFAULT_CLIENT_SECRET,
    AZURE_AUTHORITY_HOST: sim.authorityHost,
    DEFENDER_API_URL: sim.defenderApiUrl,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: 'unused-by-workers-0123456789abcdef',
    SLACK_API_URL: slack.apiUrl,
    ALERT_POLL_SECONDS: String(POLL_SECONDS),
  });
  return startBot({ config, logger: createLogger({ level: 'silent' }), isolatedMetrics: true });
}

const okPostsAbout = (channel: string, alert: SimAlert) =>
  slack
    .calls()
    .filter(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.response?.ok === true &&
        c.body.channel === channel &&
        content(c).includes(alert.id),
    );

describe('alert polling across workers', () => {
  it('three workers on one prefix post each alert once per channel', async () => {
    const bot = await startTestBot({ sim, slack, env: { ALERT_POLL_SECONDS: String(POLL_SECONDS) } });
    const extra = await Promise.all([startExtraWorker(bot.prefix), startExtraWorker(bot.prefix)]);
    try {
      const driver = new SlackDriver(bot, slack);
      const channels = [driver.newChannel(), driver.newChannel()];
      for (const channel of channels) await driver.command('subscribe high', USERS.admin, channel);
      const machine = sim.mde.listMachines()[0]!;
      const alerts = Array.from({ length: 5 }, (_, i) =>
        sim.mde.addAlert({ title: `Parallel ${i}`, severity: 'High', machineId: machine.id }),
      );
      for (const channel of channels) {
        for (const alert of alerts) await driver.posted(channel, new RegExp(alert.id), ONE_POLL + 6000);
      }
      // Several more polls, by whichever worker gets them, change nothing.
      await new Promise((resolve) => setTimeout(resolve, 2 * POLL_SECONDS * 1000));
      for (const channel of channels) {
        for (const alert of alerts) expect(okPostsAbout(channel, alert)).toHaveLength(1);
      }
      const schedulers = await bot.redis.zcard(`${bot.prefix}:alerts:repeat`);
      expect(schedulers).toBe(1);
    } finally {
      await Promise.all(extra.map((worker) => worker.close()));
      await bot.close();
    }
  });

  it('a worker that dies after fetching, before queueing, leaves the alert for the next poll, which posts it once', async () => {
    let crashes = 0;
    const afterFetch = (alerts: readonly Alert[]) => {
      if (crashes === 0 && alerts.some((a) => a.title === 'Crash between fetch and post')) {
        crashes += 1;
        throw new Error('worker killed between fetch and post');
      }
    };
    const bot = await startTestBot({
      sim,
      slack,
      env: { ALERT_POLL_SECONDS: String(POLL_SECONDS) },
      worker: { alerts: { afterFetch } },
    });
    try {
      const driver = new SlackDriver(bot, slack);
      const channel = driver.newChannel();
      await driver.command('subscribe high', USERS.admin, channel);
      const alert = sim.mde.addAlert({
        title: 'Crash between fetch and post',
        severity: 'High',
        machineId: sim.mde.listMachines()[1]!.id,
      });
      await driver.posted(channel, new RegExp(alert.id), 2 * ONE_POLL);
      expect(crashes).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, ONE_POLL));
      expect(okPostsAbout(channel, alert)).toHaveLength(1);
      expect(bot.logs()).toContain('alert poll failed; the next poll retries');
    } finally {
      await bot.close();
    }
  });
});
