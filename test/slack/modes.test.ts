// Which Slack transport the adapter picks from the config. Socket Mode needs Slack's WebSocket
// service, so offline we only check that it is chosen and that no HTTP route is mounted for it.
import express from 'express';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../src/chat/slack/index.js';
import { postSignedToSlackEndpoint, slashCommandBody } from '../helpers/slack-signing.js';
import { SIGNING_SECRET, captureLog, slackConfig } from './harness.js';

const handler = () => Promise.resolve({ visibility: 'none' as const });
// Never asked here (no request reaches a listener); lazy, so it opens no connection.
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
const cache = { redis, prefix: 'test-slack-modes' };
afterAll(() => redis.disconnect());

async function listen(app: express.Express): Promise<{ url: string; close: () => Promise<void> }> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

describe('transport selection', () => {
  it('uses HTTP on /slack/events without an app token', () => {
    const adapter = createSlackAdapter({
      config: slackConfig('http://127.0.0.1:9/api/'),
      handler,
      logger: captureLog().logger,
      ...cache,
    });
    expect(adapter.mode).toBe('http');
  });

  it('uses Socket Mode with an app token and mounts no HTTP route', async () => {
    const adapter = createSlackAdapter({
      config: slackConfig('http://127.0.0.1:9/api/', { appToken: 'xapp-1-A0-123-abc' }),
      handler,
      logger: captureLog().logger,
      ...cache,
    });
    expect(adapter.mode).toBe('socket');
    const app = express();
    adapter.mount(app);
    const server = await listen(app);
    try {
      const res = await postSignedToSlackEndpoint(
        `${server.url}/slack/events`,
        SIGNING_SECRET,
        slashCommandBody(),
      );
      expect(res.status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
