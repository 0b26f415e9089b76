// Child process: the baselines — a bare Bolt app (ExpressReceiver on its own express server) that
// verifies the signature and acks /defender. Same Bolt version and signing as the bot.
// With BARE_DURABLE_REDIS_URL it is the durable baseline: before acking it writes the command to a
// Redis stream (one round trip) and acks with a short private "working" message — the least a bot
// that never loses an acknowledged command must do, without anything else the bot does.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, ExpressReceiver, LogLevel } from '@slack/bolt';
import { Redis } from 'ioredis';
import { announce, closeOnParentExit } from '../lib/child.js';
import { recordPauses } from '../lib/pauses.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../lib/bot.js';

const durableRedisUrl = process.env.BARE_DURABLE_REDIS_URL;
recordPauses(durableRedisUrl ? 'bare-bolt-durable' : 'bare-bolt');
/** Its own key, deleted when the child stops: the bot's prefixes are never touched. */
const STREAM = `bench-bare-durable-${process.pid}`;
const STREAM_MAX_LEN = 10_000;

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
const redis = durableRedisUrl ? new Redis(durableRedisUrl, { maxRetriesPerRequest: 1 }) : undefined;
app.command('/defender', async ({ ack, command }) => {
  if (!redis) return ack();
  await redis.xadd(STREAM, 'MAXLEN', '~', STREAM_MAX_LEN, '*', 'command', JSON.stringify(command));
  await ack({ response_type: 'ephemeral', text: `Working on it: ${command.text}` });
});

const server = createServer(receiver.app);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
closeOnParentExit(async () => {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  if (redis) {
    await redis.del(STREAM);
    await redis.quit();
  }
});
announce({ slackEvents: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events` });
