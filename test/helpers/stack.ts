// The whole stack an end-to-end test runs against: simulator, fake Slack, fake Bot Connector and the
// bot itself (role all, Teams on without authentication on loopback), closed in reverse order.
import type { Simulator } from '../../src/sim/index.js';
import { BOT_TOKEN, startTestBot, type TestBot, type TestBotOptions } from './bot.js';
import { startFakeConnector, type FakeConnector } from './fake-connector.js';
import { startFakeSlack, type FakeSlack } from './fake-slack.js';
import { startTestSimulator } from './sim.js';

export interface Stack {
  sim: Simulator;
  slack: FakeSlack;
  connector: FakeConnector;
  bot: TestBot;
  close(): Promise<void>;
}

export async function startStack(
  options: Pick<TestBotOptions, 'rbac' | 'env' | 'worker' | 'clock'> = {},
): Promise<Stack> {
  const sim = await startTestSimulator();
  const slack = await startFakeSlack({ botToken: BOT_TOKEN });
  const connector = await startFakeConnector();
  const bot = await startTestBot({
    ...options,
    sim,
    slack,
    env: { TEAMS_ALLOW_UNAUTHENTICATED: 'true', ...options.env },
  });
  return {
    sim,
    slack,
    connector,
    bot,
    async close() {
      await bot.close();
      await connector.close();
      await slack.close();
      await sim.close();
    },
  };
}
