// Child process: the baseline — a bare Bolt app (ExpressReceiver on its own express server) that
// verifies the signature and only acks /defender. Same Bolt version and signing as the bot.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, ExpressReceiver, LogLevel } from '@slack/bolt';
import { announce, closeOnParentExit } from '../lib/child.js';
import { recordPauses } from '../lib/pauses.js';

recordPauses('bare-bolt');
import { BOT_TOKEN, SIGNING_SECRET } from '../lib/bot.js';

const receiver = new ExpressReceiver({
  signingSecret: SIGNING_SECRET,
  endpoints: '/slack/events',
  processBeforeResponse: false,
  logLevel: LogLevel.ERROR,
});
const app = new App({
  receiver,
  // A fixed identity: no Web API call at all, so the baseline is only verify + parse + ack.
  authorize: () =>
    Promise.resolve({ botToken: BOT_TOKEN, botId: 'B0BENCH', botUserId: 'U0BENCHBOT', teamId: 'T0TEAM' }),
  logLevel: LogLevel.ERROR,
});
app.command('/defender', async ({ ack }) => {
  await ack();
});

const server = createServer(receiver.app);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
closeOnParentExit(
  () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
);
announce({ slackEvents: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events` });
