// Redis connections by purpose. Producers fail within seconds when Redis is away (the user is told
// to try again, nothing is half-accepted); BullMQ workers block and must retry forever.
import { isIP } from 'node:net';
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../core/logger.js';

/**
 * TLS for rediss:// URLs, with the host name as SNI. ioredis alone turns TLS on only for a lower-case
 * "rediss://" prefix (the config accepts any case) and sends no SNI, which TLS front ends of managed
 * Redis services may need to pick the certificate. BullMQ's duplicated connections inherit these options.
 */
function tlsFor(url: string): Pick<RedisOptions, 'tls'> {
  const parsed = new URL(url);
  if (parsed.protocol !== 'rediss:') return {};
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  return { tls: isIP(host) === 0 ? { servername: host } : {} };
}

/**
 * The web side's connection (queues, audit, admission, stores). Commands are written as they are
 * issued, so the audit entry and the job of a command, issued together, are in flight together: one
 * round trip on the ack path. ioredis' auto-pipelining would put them in one write too, but it wraps
 * every command of this busy connection in a pipeline: measured in the slack-ack benchmark, it cost
 * the web process 0.7–0.9 ms of CPU per command and doubled its p99 at 50/s.
 */
export function producerConnection(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    commandTimeout: 2000,
    ...tlsFor(url),
  } satisfies RedisOptions);
  redis.on('error', (err: Error) => logger.warn({ err, component: 'redis' }, 'redis connection error'));
  return redis;
}

export function workerConnection(url: string, logger: Logger): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, ...tlsFor(url) } satisfies RedisOptions);
  redis.on('error', (err: Error) => logger.warn({ err, component: 'redis' }, 'redis connection error'));
  return redis;
}

export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status !== 'ready') return redis.disconnect();
  await redis.quit().catch(() => redis.disconnect());
}
