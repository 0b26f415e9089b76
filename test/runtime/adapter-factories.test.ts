// One contract, run against the Slack and the Teams factory through the ChatAdapter port alone: with a
// handler an adapter names its platform, serves its own route (and not the other's), starts and stops;
// without one (a worker-only process) it is only its Reply: it refuses to mount and opens nothing.
import express from 'express';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackAdapterFactory } from '../../src/chat/slack/index.js';
import { teamsAdapterFactory } from '../../src/chat/teams/index.js';
import type { InteractionHandler } from '../../src/app/types.js';
import type { ChatAdapterFactory } from '../../src/core/index.js';
import { createMetricsRegistry, type Metrics } from '../../src/metrics/index.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { BOT_TOKEN, captureLog, slackConfig } from '../slack/harness.js';
import { teamsConfig } from '../teams/harness.js';

// Nothing here reaches a listener that caches; lazy, so it opens no connection.
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
const { metrics } = createMetricsRegistry();
let fakeSlack: FakeSlack;

beforeAll(async () => {
  fakeSlack = await startFakeSlack({ botToken: BOT_TOKEN });
});
afterAll(async () => {
  await fakeSlack.close();
  redis.disconnect();
});

/** As the runtime wires the port: both factories must fit the one type. */
interface Wiring {
  app: express.Express;
  handler: InteractionHandler;
  redis: Redis;
  metrics: Metrics;
}

interface Platform {
  name: 'slack' | 'teams';
  path: string;
  factory: () => ChatAdapterFactory<Wiring>;
}

const platforms: Platform[] = [
  { name: 'slack', path: '/slack/events', factory: () => slackAdapterFactory(slackConfig(fakeSlack.apiUrl)) },
  { name: 'teams', path: '/api/messages', factory: () => teamsAdapterFactory(teamsConfig(false)) },
];
const PATHS = platforms.map((p) => p.path);

async function statusOf(app: express.Express, path: string): Promise<number> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    return res.status;
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe.each(platforms.map((p) => [p.name, p] as const))('ChatAdapter contract: %s', (name, platform) => {
  const deps = () => ({ logger: captureLog().logger, redis, prefix: `test-port-${name}`, metrics });

  it('with a handler: names its platform, mounts only its own route, starts and stops', async () => {
    let called = 0;
    const handler = () => {
      called += 1;
      return Promise.resolve({ visibility: 'none' as const });
    };
    const adapter = await platform.factory()({ ...deps(), handler });
    expect(adapter.platform).toBe(name);
    await adapter.start();
    const app = express();
    adapter.mount(app);
    for (const path of PATHS) {
      const status = await statusOf(app, path);
      if (path === platform.path) expect(status).not.toBe(404);
      else expect(status).toBe(404);
    }
    await adapter.stop();
    // An unsigned / empty request never reaches the core.
    expect(called).toBe(0);
  });

  it('without a handler (worker-only): only its Reply, opens nothing and refuses to mount', async () => {
    const adapter = await platform.factory()(deps());
    expect(adapter.platform).toBe(name);
    expect(typeof adapter.reply.post).toBe('function');
    expect(typeof adapter.reply.update).toBe('function');
    expect(typeof adapter.reply.postPrivate).toBe('function');
    const before = fakeSlack.calls().length;
    await adapter.start();
    await adapter.stop();
    // The Slack one does not even identify itself (auth.test): the worker-only process never did.
    expect(fakeSlack.calls().length).toBe(before);
    expect(() => adapter.mount(express())).toThrow(/worker-only/);
  });
});

describe('Slack in Socket Mode through the factory', () => {
  it('a worker-only process opens no Socket Mode connection', async () => {
    // An app token for a service that is not there: a connection attempt would fail start().
    const factory: ChatAdapterFactory<Wiring> = slackAdapterFactory(
      slackConfig('http://127.0.0.1:9/api/', { appToken: 'xapp-1-A0-123-abc' }),
    );
    const adapter = await factory({
      logger: captureLog().logger,
      redis,
      prefix: 'test-port-socket',
      metrics,
    });
    await expect(adapter.start()).resolves.toBeUndefined();
    await adapter.stop();
    // The same factory given a handler does try to connect (and fails, nobody listens there).
    const front = await factory({
      handler: () => Promise.resolve({ visibility: 'none' }),
      logger: captureLog().logger,
      redis,
      prefix: 'test-port-socket',
      metrics,
    });
    await expect(front.start()).rejects.toThrow();
  });
});
