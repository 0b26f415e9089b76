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
  options: Pick<TestBotOptions, 'rbac' | 'env' | 'worker' | 'clock'> & {
    /** The simulator's own options (e.g. how long actions stay Pending). */
    simulator?: Parameters<typeof startTestSimulator>[0];
  } = {},
): Promise<Stack> {
  const { simulator, ...botOptions } = options;
  const sim = await startTestSimulator(simulator);
  const slack = await startFakeSlack({ botToken: BOT_TOKEN });
  const connector = await startFakeConnector();
  const bot = await startTestBot({
    ...botOptions,
    sim,
    slack,
    env: { TEAMS_ALLOW_UNAUTHENTICATED: 'true', ...botOptions.env },
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
