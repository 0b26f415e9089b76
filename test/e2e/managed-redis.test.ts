// Redis the way a managed service offers it. A hash-tagged QUEUE_PREFIX keeps every key the bot writes
// in one Redis Cluster hash slot, and a rediss:// URL with a password in it reaches Redis over TLS
// with SNI. One approve-isolation flow runs twice: on an empty database of the shared test Redis
// (so its whole keyspace is the bot's), and on a private single-node Redis Cluster (which refuses any
// multi-key command, script or transaction across slots) behind a TLS proxy, requiring a password.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect as connectTcp, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { isConfigError, loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/core/logger.js';
import { freePort } from '../../src/demo/redis.js';
import { RedisSlidingWindowLimiter, MDE_PUBLISHED_LIMITS } from '../../src/defender/ratelimit.js';
import { closeRedis, producerConnection } from '../../src/runtime/redis.js';
import { BOT_TOKEN, USERS, startTestBot } from '../helpers/bot.js';
import { startFakeSlack } from '../helpers/fake-slack.js';
import { buttons, SlackDriver, tsOf } from '../helpers/slack-flow.js';
import { startTestSimulator } from '../helpers/sim.js';

const SHARED_REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const HAVE_REDIS_SERVER = spawnSync('redis-server', ['--version']).status === 0;
if (!HAVE_REDIS_SERVER) {
  console.warn(
    'SKIPPED the Redis Cluster + TLS part of test/e2e/managed-redis.test.ts: redis-server is not on the PATH; .ci/run installs it.',
  );
}

const hashTaggedPrefix = () => `{defbot-${randomUUID()}}`;

/** Starts the whole bot (role all) on `env`, requests an isolation, approves it and waits for Succeeded. */
async function runApprovedIsolation(env: Record<string, string>): Promise<void> {
  const sim = await startTestSimulator({ lifecycle: { pendingMs: 300, inProgressMs: 300 } });
  const slack = await startFakeSlack({ botToken: BOT_TOKEN });
  const bot = await startTestBot({ sim, slack, env });
  try {
    const driver = new SlackDriver(bot, slack);
    const target = sim.mde.listMachines()[0]!;
    const channel = driver.newChannel();
    const ack = await driver.command(
      `isolate ${target.computerDnsName} full beaconing seen`,
      USERS.responder,
      channel,
    );
    expect(ack.status).toBe(200);
    const card = await driver.posted(channel, /Approve/);
    const approve = buttons(card).find((b) => b.action_id.startsWith('approval.approve'))!;
    expect(await driver.click(approve, USERS.approver, channel, tsOf(card))).toBe(200);
    await driver.updated(channel, tsOf(card), /Succeeded/);
    expect(sim.mde.machineState(target.id).isolated).toBe(true);
    expect(bot.logs()).not.toMatch(/CROSSSLOT|NOAUTH|WRONGPASS/);
  } finally {
    await bot.close();
    await slack.close();
    await sim.close();
  }
}

async function scanKeys(redis: Redis, pattern = '*'): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys;
}

/** A database of the shared Redis that holds no keys, so everything in it afterwards is the bot's. */
async function emptyDatabaseUrl(): Promise<string> {
  for (let db = 15; db >= 1; db--) {
    const url = new URL(SHARED_REDIS);
    url.pathname = `/${db}`;
    const redis = new Redis(url.href, { maxRetriesPerRequest: 1 });
    const size = await redis.dbsize().finally(() => redis.disconnect());
    if (size === 0) return url.href;
  }
  throw new Error(`no empty database (1-15) on ${SHARED_REDIS} to run this test in`);
}

describe('a hash-tagged QUEUE_PREFIX on the shared Redis', () => {
  it('keeps every key the bot writes during an approval flow under the prefix', async () => {
    const url = await emptyDatabaseUrl();
    const prefix = hashTaggedPrefix();
    await runApprovedIsolation({ REDIS_URL: url, QUEUE_PREFIX: prefix });
    const redis = new Redis(url);
    try {
      const keys = await scanKeys(redis);
      expect(keys.filter((key) => !key.startsWith(`${prefix}:`))).toEqual([]);
      // The flow wrote through every store: BullMQ queues, rate budget, approvals, card versions, audit.
      for (const part of [':defender:', ':notify:', ':ratelimit:', ':approval:', ':editversion:', ':audit']) {
        expect(
          keys.some((key) => key.includes(part)),
          `a key containing ${part}`,
        ).toBe(true);
      }
      for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
    } finally {
      redis.disconnect();
    }
  });
});

interface ClusterRedis {
  port: number;
  stop(): Promise<void>;
}

/** A private redis-server in cluster mode that owns all 16384 slots and requires `password`. */
async function startClusterRedis(password: string): Promise<ClusterRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'defbot-cluster-'));
  const [port, busPort] = [await freePort(), await freePort()];
  const child: ChildProcess = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--cluster-enabled',
      'yes',
      '--cluster-port',
      String(busPort),
      '--cluster-config-file',
      'nodes.conf',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'no',
      '--requirepass',
      password,
    ],
    { stdio: 'ignore' },
  );
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  const admin = new Redis({
    port,
    host: '127.0.0.1',
    password,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  admin.on('error', () => undefined);
  try {
    for (let i = 0; ; i++) {
      if (
        await admin.connect().then(
          () => true,
          () => false,
        )
      )
        break;
      if (i > 50) throw new Error('redis-server did not start');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await admin.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
    for (let i = 0; !String(await admin.call('CLUSTER', 'INFO')).includes('cluster_state:ok'); i++) {
      if (i > 100) throw new Error('the one-node cluster did not become ok');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    admin.disconnect();
  }
  return { port, stop };
}

interface TlsProxy {
  port: number;
  /** The SNI name of every TLS connection accepted (false: none sent). */
  servernames: (string | false)[];
  close(): Promise<void>;
}

/** Terminates TLS with the simulator's localhost certificate (trusted by the test process) and pipes to `targetPort`. */
async function startTlsProxy(targetPort: number): Promise<TlsProxy> {
  const certDir = process.env.SIM_CERT_DIR!;
  const [cert, key] = await Promise.all([
    readFile(join(certDir, 'server.pem')),
    readFile(join(certDir, 'server-key.pem')),
  ]);
  const servernames: (string | false)[] = [];
  const sockets = new Set<Socket>();
  const server = createTlsServer({ cert, key }, (client: TLSSocket) => {
    servernames.push(typeof client.servername === 'string' ? client.servername : false);
    const upstream = connectTcp(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('the TLS proxy has no port');
  return {
    port: address.port,
    servernames,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe.skipIf(!HAVE_REDIS_SERVER)('Redis Cluster slots, TLS and a password in REDIS_URL', () => {
  it('runs the approval flow on a one-node cluster over rediss:// with every key in the prefix slot', async () => {
    // An access-key-like password: base64 with "/", "+" and "=", percent-encoded into the URL.
    const password = `k/${randomBytes(12).toString('base64')}+=`;
    const cluster = await startClusterRedis(password);
    const proxy = await startTlsProxy(cluster.port);
    const direct = new Redis({ port: cluster.port, host: '127.0.0.1', password });
    try {
      // The server does enforce slots: the rate budget's two-window script fails across slots.
      const budget = { windows: MDE_PUBLISHED_LIMITS.standard };
      await expect(
        new RedisSlidingWindowLimiter(direct, 'defbot').tryAcquire('probe', budget, 30_000),
      ).rejects.toThrow(/CROSSSLOT/);
      await direct.flushall();

      const prefix = hashTaggedPrefix();
      const url = `rediss://:${encodeURIComponent(password)}@localhost:${proxy.port}`;
      await runApprovedIsolation({ REDIS_URL: url, QUEUE_PREFIX: prefix });

      const keys = await scanKeys(direct);
      expect(keys.length).toBeGreaterThan(10);
      expect(keys.filter((key) => !key.startsWith(`${prefix}:`))).toEqual([]);
      const slot = Number(await direct.call('CLUSTER', 'KEYSLOT', prefix));
      expect(Number(await direct.call('CLUSTER', 'COUNTKEYSINSLOT', String(slot)))).toBe(keys.length);
      // Every connection (producer, workers, BullMQ's duplicates) came over TLS and named the host.
      expect(proxy.servernames.length).toBeGreaterThanOrEqual(3);
      expect(new Set(proxy.servernames)).toEqual(new Set(['localhost']));
    } finally {
      direct.disconnect();
      await proxy.close();
      await cluster.stop();
    }
  });

  it('treats the URL scheme case-insensitively, as the config does: REDISS:// still means TLS', async () => {
    const password = `k/${randomBytes(12).toString('base64')}+=`;
    const cluster = await startClusterRedis(password);
    const proxy = await startTlsProxy(cluster.port);
    const url = `REDISS://:${encodeURIComponent(password)}@localhost:${proxy.port}`;
    const config = loadConfig({ REDIS_URL: url, PORT: '0' });
    const redis = producerConnection(config.redisUrl, createLogger({ level: 'silent' }));
    try {
      expect(await redis.ping()).toBe('PONG');
      expect(proxy.servernames).toEqual(['localhost']);
    } finally {
      await closeRedis(redis);
      await proxy.close();
      await cluster.stop();
    }
  });
});

describe('REDIS_URL with an access key that needs escaping', () => {
  it('refuses an unescaped "/" in the password and says how to fix it', () => {
    let problems: readonly string[] = [];
    try {
      loadConfig({ REDIS_URL: 'rediss://:abc/def+ghi=@defbot.redis.cache.windows.net:6380' });
    } catch (error) {
      if (isConfigError(error)) problems = error.problems;
    }
    expect(problems.find((p) => p.startsWith('REDIS_URL:'))).toMatch(/percent-encode.*%2F/);
    expect(problems.join('\n')).not.toContain('abc/def');
  });
});
