// The Slack directory's in-process memory in front of Redis: a busy user's next commands cost neither
// users.info nor a Redis read for a minute; after that Redis (or Slack) is asked again.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackDirectory } from '../../src/chat/slack/directory.js';
import { createBoltLogger, createSlackWebClient } from '../../src/chat/slack/index.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { BOT_TOKEN, captureLog, slackConfig } from './harness.js';

let slack: FakeSlack;
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = `test-${randomUUID()}`;

beforeAll(async () => {
  slack = await startFakeSlack({ botToken: BOT_TOKEN });
});
afterAll(async () => {
  await slack.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe('slack directory memory', () => {
  it('answers from memory within a minute, then asks the shared cache again', async () => {
    const { logger } = captureLog();
    const client = createSlackWebClient(slackConfig(slack.apiUrl), createBoltLogger(logger, [BOT_TOKEN]));
    let now = 1_000_000;
    const directory = createSlackDirectory({ client, redis, prefix, logger, clock: { now: () => now } });
    slack.setUser('U0MEM', { email: 'mem@contoso.com' });
    const infoCalls = () =>
      slack.calls().filter((c) => c.method === 'users.info' && c.body.user === 'U0MEM').length;

    expect(await directory.lookup('U0MEM')).toEqual({ ok: true, email: 'mem@contoso.com' });
    expect(infoCalls()).toBe(1);
    // Gone from Redis, still known to this process for a minute.
    await redis.del(`${prefix}:slack:email:U0MEM`);
    now += 59_000;
    expect(await directory.lookup('U0MEM')).toEqual({ ok: true, email: 'mem@contoso.com' });
    expect(infoCalls()).toBe(1);
    // Past the minute: neither memory nor Redis has it, so Slack is asked (and now says something else).
    slack.setUser('U0MEM', { email: 'renamed@contoso.com' });
    now += 2_000;
    expect(await directory.lookup('U0MEM')).toEqual({ ok: true, email: 'renamed@contoso.com' });
    expect(infoCalls()).toBe(2);
  });
});
