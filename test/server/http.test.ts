// The HTTP server on a real socket with a real Redis: probes, metrics, 404s and the body guards.
import { once } from 'node:events';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import express from 'express';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/index.js';
import { healthRoutes, jsonBody, MAX_BODY_BYTES } from '../../src/http/index.js';
import { createMetricsRegistry } from '../../src/metrics/index.js';
import { createHttpServer, type HttpServer, type HttpServerOptions } from '../../src/server.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = createLogger({ level: 'silent' });
const redis = new Redis(REDIS_URL, { lazyConnect: true });
const started: HttpServer[] = [];
const clients: Redis[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.close()));
  clients.splice(0).forEach((client) => client.disconnect());
});
afterAll(async () => {
  await redis.quit();
});

async function start(
  overrides: Partial<HttpServerOptions> = {},
): Promise<{ base: string; server: HttpServer; options: HttpServerOptions }> {
  const options: HttpServerOptions = {
    config: { host: '127.0.0.1', port: 0 },
    logger,
    redis,
    registry: createMetricsRegistry().registry,
    ...overrides,
  };
  const server = createHttpServer(options);
  started.push(server);
  const { port } = await server.listen();
  return { base: `http://127.0.0.1:${port}`, server, options };
}

/** An ioredis client that fails fast, as it would against a Redis that is down. */
function unreachableRedis(port: number): Redis {
  const client = new Redis({
    host: '127.0.0.1',
    port,
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  clients.push(client);
  return client;
}

function listenOnFreePort(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer((socket) => socket.on('error', () => undefined));
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0 });
    });
  });
}

describe('probes', () => {
  it('GET /healthz answers 200 {status: ok}', async () => {
    const { base } = await start();
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz answers 200 when the real Redis answers PING', async () => {
    const { base } = await start();
    const response = await fetch(`${base}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz answers 503 with a reason when Redis is not reachable', async () => {
    const { server: closed, port } = await listenOnFreePort();
    await new Promise((resolve) => closed.close(resolve));
    const { base } = await start({ redis: unreachableRedis(port) });
    const response = await fetch(`${base}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'unavailable', reason: 'redis not reachable' });
  });

  it('GET /readyz answers 503 when Redis accepts the connection but never answers', async () => {
    const { server: silent, port } = await listenOnFreePort();
    const hanging = new Redis({ host: '127.0.0.1', port, lazyConnect: true, retryStrategy: () => null });
    hanging.on('error', () => undefined);
    try {
      const { base } = await start({ redis: hanging, readinessTimeoutMs: 200 });
      const response = await fetch(`${base}/readyz`);
      expect(response.status).toBe(503);
    } finally {
      hanging.disconnect();
      silent.close();
    }
  });

  it('close() resolves despite idle keep-alive connections and stops accepting new ones', async () => {
    const { base, server } = await start();
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    await server.close();
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });

  it('readiness answers 503 "shutting down" while the process drains', async () => {
    const app = express();
    app.use(healthRoutes({ redis, logger, timeoutMs: 1000, isDraining: () => true }));
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 'unavailable', reason: 'shutting down' });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('metrics', () => {
  it('GET /metrics serves Prometheus text with the bot metrics and default process metrics', async () => {
    const { registry, metrics } = createMetricsRegistry();
    metrics.commandsTotal.inc({ verb: 'isolate', outcome: 'needs_approval' });
    const { base } = await start({ registry });
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(registry.contentType);
    const text = await response.text();
    expect(text).toContain('# TYPE defbot_commands_total counter');
    expect(text).toContain('defbot_commands_total{verb="isolate",outcome="needs_approval"} 1');
    expect(text).toContain('# TYPE defbot_mde_request_duration_seconds histogram');
    expect(text).toContain('process_cpu_user_seconds_total');
  });
});

describe('routing and hardening', () => {
  it('unknown routes answer 404 JSON', async () => {
    const { base } = await start();
    const response = await fetch(`${base}/nope`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ error: 'not_found' });
  });

  it('does not advertise express and sets nosniff', async () => {
    const { base } = await start();
    const response = await fetch(`${base}/healthz`);
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses a declared body larger than the limit with 413 before any route reads it', async () => {
    const { base } = await start();
    const response = await fetch(`${base}/healthz`, {
      method: 'POST',
      body: Buffer.alloc(MAX_BODY_BYTES + 1),
    });
    expect(response.status).toBe(413);
  });

  it('mounted chat routes see the raw body untouched (no global parser), and jsonBody enforces its limit', async () => {
    const { base } = await start({
      mountChatRoutes: (app) => {
        app.post('/slack/events', async (req, res) => {
          res.json({ rawLength: (await buffer(Readable.from(req))).length });
        });
        app.post('/api/messages', jsonBody(64), (req, res) => {
          res.json({ parsed: req.body as unknown });
        });
      },
    });
    const raw = 'token=abc&text=isolate%20web-07';
    const slack = await fetch(`${base}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: raw,
    });
    expect(await slack.json()).toEqual({ rawLength: raw.length });

    const small = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type":"message"}',
    });
    expect(await small.json()).toEqual({ parsed: { type: 'message' } });

    const large = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'x'.repeat(100) }),
    });
    expect(large.status).toBe(413);
    expect(await large.json()).toEqual({ error: 'payload_too_large' });
  });

  it('an error thrown by a route becomes a 500 without details', async () => {
    const { base } = await start({
      mountChatRoutes: (app) => {
        app.get('/boom', () => {
          throw new Error('secret detail');
        });
      },
    });
    const response = await fetch(`${base}/boom`);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('{"error":"internal_error"}');
  });
});

beforeAll(async () => {
  // Fail early with a clear message when the Redis the tests rely on is not running.
  await expect(redis.ping()).resolves.toBe('PONG');
});
