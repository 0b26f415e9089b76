// Redis as BullMQ and the approvals need it: reachable, never evicting keys, persisted, not a cluster
// that redirects, and near enough.
import { Redis } from 'ioredis';
import { fail, ok, warn, type Check } from './report.js';

const AREA = 'Redis';

function infoField(info: string, field: string): string | undefined {
  return new RegExp(`^${field}:(.*)$`, 'm').exec(info)?.[1]?.trim();
}

export async function redisChecks(url: string): Promise<Check[]> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    connectTimeout: 5_000,
  });
  redis.on('error', () => undefined);
  const where = new URL(url).host;
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    return [
      fail(
        AREA,
        `${where} did not answer: ${error instanceof Error ? error.message : String(error)}`,
        'check REDIS_URL (host, port, password, rediss:// for TLS)',
      ),
    ];
  }
  try {
    const checks: Check[] = [];
    const server = await redis.info('server');
    checks.push(ok(AREA, `${where}: Redis ${infoField(server, 'redis_version') ?? '?'}`));
    checks.push(await evictionCheck(redis));
    checks.push(persistenceCheck(await redis.info('persistence'), await configValue(redis, 'save')));
    const cluster = await redis.info('cluster');
    checks.push(
      infoField(cluster, 'cluster_enabled') === '1'
        ? fail(
            AREA,
            'cluster mode: keys of one queue would be redirected between nodes',
            'use a single-shard (non-cluster) Redis, or a proxy endpoint that never answers MOVED',
          )
        : ok(AREA, 'not a cluster'),
    );
    checks.push(await roundTrip(redis));
    return checks;
  } finally {
    redis.disconnect();
  }
}

/** CONFIG GET, or undefined where a managed Redis disables CONFIG. */
async function configValue(redis: Redis, key: string): Promise<string | undefined> {
  try {
    const [, value] = await redis.config('GET', key);
    return value;
  } catch {
    return undefined;
  }
}

async function evictionCheck(redis: Redis): Promise<Check> {
  const policy = await configValue(redis, 'maxmemory-policy');
  if (policy === undefined)
    return warn(
      AREA,
      'maxmemory-policy unreadable (CONFIG is disabled here)',
      'make sure the provider sets maxmemory-policy noeviction',
    );
  if (policy === 'noeviction') return ok(AREA, 'maxmemory-policy noeviction');
  return fail(
    AREA,
    `maxmemory-policy ${policy}: Redis may evict queued jobs and approvals when memory runs short`,
    'set maxmemory-policy noeviction (redis.conf, or CONFIG SET maxmemory-policy noeviction)',
  );
}

function persistenceCheck(info: string, save: string | undefined): Check {
  if (infoField(info, 'aof_enabled') === '1') return ok(AREA, 'persistence: append-only file');
  if (save !== undefined && save.trim() !== '') return ok(AREA, `persistence: RDB snapshots (save ${save})`);
  return warn(
    AREA,
    'no persistence: a Redis restart loses queued jobs and pending approvals',
    'set appendonly yes (or RDB snapshots with save)',
  );
}

async function roundTrip(redis: Redis): Promise<Check> {
  const rounds = 5;
  const started = process.hrtime.bigint();
  for (let i = 0; i < rounds; i += 1) await redis.ping();
  const ms = Number(process.hrtime.bigint() - started) / 1e6 / rounds;
  const text = `round trip ${ms.toFixed(2)} ms`;
  return ms > 10
    ? warn(
        AREA,
        `${text}: every command waits for Redis several times`,
        'run Redis close to the bot (same zone)',
      )
    : ok(AREA, text);
}
