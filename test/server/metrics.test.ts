// /metrics on real sockets: its own listener with METRICS_PORT (and gone from the chat port), behind a
// bearer token with METRICS_TOKEN, both together, the defaults unchanged, and the token never logged.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { PassThrough } from 'node:stream';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/core/index.js';
import { createMetricsRegistry } from '../../src/metrics/index.js';
import { startBot, type RunningBot } from '../../src/runtime/bot.js';
import { createHttpServer, type HttpServer, type HttpServerOptions } from '../../src/server.js';
import { freePort } from '../../src/demo/redis.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const TOKEN = `metrics-${randomUUID()}`;
const redis = new Redis(REDIS_URL, { lazyConnect: true });
const started: HttpServer[] = [];

beforeAll(async () => {
  await expect(redis.ping()).resolves.toBe('PONG');
});
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.close()));
});
afterAll(async () => {
  await redis.quit();
});

interface Started {
  chat: string;
  /** Base URL of the metrics listener, when there is one. */
  scrape: string | undefined;
  server: HttpServer;
  logs: () => string;
}

async function start(metrics: HttpServerOptions['config']['metrics']): Promise<Started> {
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  const { registry, metrics: bot } = createMetricsRegistry();
  bot.commandsTotal.inc({ verb: 'machine', outcome: 'enqueued' });
  const server = createHttpServer({
    config: { host: '127.0.0.1', port: 0, ...(metrics ? { metrics } : {}) },
    logger: createLogger({ level: 'trace', destination: output }),
    redis,
    registry,
  });
  started.push(server);
  const { port, metricsPort } = await server.listen();
  return {
    chat: `http://127.0.0.1:${port}`,
    scrape: metricsPort === undefined ? undefined : `http://127.0.0.1:${metricsPort}`,
    server,
    logs: () => chunks.join(''),
  };
}

function bearer(token: string): RequestInit {
  return { headers: { authorization: `Bearer ${token}` } };
}

async function expectPrometheusText(response: Response): Promise<void> {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  expect(text).toContain('# TYPE defbot_commands_total counter');
  expect(text).toContain('defbot_commands_total{verb="machine",outcome="enqueued"} 1');
}

async function expectUnauthorized(response: Response): Promise<void> {
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toBe('Bearer');
  const body = await response.text();
  expect(body).not.toContain('defbot_');
  expect(body).not.toContain(TOKEN);
}

describe('defaults (no METRICS_PORT, no METRICS_TOKEN)', () => {
  it('serves /metrics on the chat port, open, next to the probes', async () => {
    const { chat, scrape } = await start(undefined);
    expect(scrape).toBeUndefined();
    await expectPrometheusText(await fetch(`${chat}/metrics`));
    expect((await fetch(`${chat}/healthz`)).status).toBe(200);
    expect((await fetch(`${chat}/readyz`)).status).toBe(200);
  });

  it('the parsed defaults (port and token undefined) behave the same', async () => {
    const { chat, scrape } = await start({ port: undefined, token: undefined });
    expect(scrape).toBeUndefined();
    await expectPrometheusText(await fetch(`${chat}/metrics`));
  });
});

describe('METRICS_PORT', () => {
  it('serves /metrics on its own port and answers 404 for it on the chat port', async () => {
    const port = await freePort();
    const { chat, scrape } = await start({ port, token: undefined });
    expect(scrape).toBe(`http://127.0.0.1:${port}`);
    await expectPrometheusText(await fetch(`${scrape}/metrics`));
    const onChat = await fetch(`${chat}/metrics`);
    expect(onChat.status).toBe(404);
    expect(await onChat.json()).toEqual({ error: 'not_found' });
  });

  it('keeps the probes on the chat port; the metrics port serves nothing but /metrics', async () => {
    const { chat, scrape } = await start({ port: await freePort(), token: undefined });
    expect((await fetch(`${chat}/healthz`)).status).toBe(200);
    expect((await fetch(`${chat}/readyz`)).status).toBe(200);
    for (const path of ['/healthz', '/readyz', '/slack/events', '/api/messages', '/'])
      expect((await fetch(`${scrape}${path}`)).status).toBe(404);
    expect((await fetch(`${scrape}/metrics`)).headers.get('x-powered-by')).toBeNull();
  });

  it('close() closes both listeners', async () => {
    const { chat, scrape, server } = await start({ port: await freePort(), token: undefined });
    expect((await fetch(`${scrape}/metrics`)).status).toBe(200);
    await server.close();
    await expect(fetch(`${scrape}/metrics`)).rejects.toThrow();
    await expect(fetch(`${chat}/healthz`)).rejects.toThrow();
  });

  it('a metrics port already in use fails listen() and leaves the chat port closed', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const address = busy.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const chatPort = await freePort();
    try {
      const server = createHttpServer({
        config: { host: '127.0.0.1', port: chatPort, metrics: { port, token: undefined } },
        logger: createLogger({ level: 'silent' }),
        redis,
        registry: createMetricsRegistry().registry,
      });
      await expect(server.listen()).rejects.toMatchObject({ code: 'EADDRINUSE' });
      await expect(fetch(`http://127.0.0.1:${chatPort}/healthz`)).rejects.toThrow();
    } finally {
      busy.close();
    }
  });
});

describe('METRICS_TOKEN', () => {
  it('answers 401 with a Bearer challenge without the token, with a wrong one, or with another scheme', async () => {
    const { chat } = await start({ port: undefined, token: TOKEN });
    await expectUnauthorized(await fetch(`${chat}/metrics`));
    await expectUnauthorized(await fetch(`${chat}/metrics`, bearer(`${TOKEN}x`)));
    await expectUnauthorized(await fetch(`${chat}/metrics`, bearer(TOKEN.slice(0, -1))));
    await expectUnauthorized(await fetch(`${chat}/metrics`, bearer('')));
    await expectUnauthorized(await fetch(`${chat}/metrics`, { headers: { authorization: TOKEN } }));
    await expectUnauthorized(
      await fetch(`${chat}/metrics`, {
        headers: { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` },
      }),
    );
  });

  it('answers 200 with Prometheus text for the right token (the scheme is case-insensitive)', async () => {
    const { chat } = await start({ port: undefined, token: TOKEN });
    await expectPrometheusText(await fetch(`${chat}/metrics`, bearer(TOKEN)));
    await expectPrometheusText(
      await fetch(`${chat}/metrics`, { headers: { authorization: `bearer ${TOKEN}` } }),
    );
  });

  it('guards only /metrics: the probes stay open for the orchestrator', async () => {
    const { chat } = await start({ port: undefined, token: TOKEN });
    expect((await fetch(`${chat}/healthz`)).status).toBe(200);
    expect((await fetch(`${chat}/readyz`)).status).toBe(200);
  });
});

describe('METRICS_PORT and METRICS_TOKEN together', () => {
  it('guards /metrics on its own port, and the chat port has no /metrics even with the token', async () => {
    const { chat, scrape } = await start({ port: await freePort(), token: TOKEN });
    await expectUnauthorized(await fetch(`${scrape}/metrics`));
    await expectUnauthorized(await fetch(`${scrape}/metrics`, bearer('not-the-token-at-all')));
    await expectPrometheusText(await fetch(`${scrape}/metrics`, bearer(TOKEN)));
    expect((await fetch(`${chat}/metrics`, bearer(TOKEN))).status).toBe(404);
  });

  it('never writes the token to the log, even at trace level', async () => {
    const { chat, scrape, logs } = await start({ port: await freePort(), token: TOKEN });
    await fetch(`${scrape}/metrics`, bearer(`${TOKEN}-wrong`));
    await fetch(`${scrape}/metrics`, bearer(TOKEN));
    await fetch(`${chat}/metrics`, bearer(TOKEN));
    await fetch(`${scrape}/nope`, bearer(TOKEN));
    expect(logs()).not.toContain(TOKEN);
  });
});

describe('every role', () => {
  const prefixes: string[] = [];
  let running: RunningBot | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
    for (const prefix of prefixes.splice(0)) {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
    }
  });

  it.each(['web', 'worker', 'all'] as const)(
    'role %s serves /metrics on METRICS_PORT behind METRICS_TOKEN, closes that listener on shutdown, and never logs the token',
    async (role) => {
      const output = new PassThrough();
      const chunks: string[] = [];
      output.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
      const prefix = `test-${randomUUID()}`;
      prefixes.push(prefix);
      const metricsPort = await freePort();
      const config = loadConfig({
        ROLE: role,
        HOST: '127.0.0.1',
        PORT: '0',
        REDIS_URL,
        QUEUE_PREFIX: prefix,
        METRICS_PORT: String(metricsPort),
        METRICS_TOKEN: TOKEN,
        LOG_LEVEL: 'trace',
      });
      const bot = await startBot({
        config,
        logger: createLogger({ level: 'trace', destination: output }),
        isolatedMetrics: true,
      });
      running = bot;
      expect(bot.metricsPort).toBe(metricsPort);
      const scrape = `http://127.0.0.1:${metricsPort}/metrics`;

      expect((await fetch(scrape)).status).toBe(401);
      const ok = await fetch(scrape, bearer(TOKEN));
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('# TYPE defbot_commands_total counter');
      expect((await fetch(`${bot.url}/metrics`, bearer(TOKEN))).status).toBe(404);
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);

      running = undefined;
      await bot.close();
      await expect(fetch(scrape, bearer(TOKEN))).rejects.toThrow();
      expect(chunks.join('')).not.toContain(TOKEN);
    },
  );
});
