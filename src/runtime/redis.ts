// Redis connections by purpose. Producers fail within seconds when Redis is away (the user is told
// to try again, nothing is half-accepted); BullMQ workers block and must retry forever.
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../core/logger.js';

export function producerConnection(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    commandTimeout: 2000,
  } satisfies RedisOptions);
  redis.on('error', (err: Error) => logger.warn({ err, component: 'redis' }, 'redis connection error'));
  return redis;
}

export function workerConnection(url: string, logger: Logger): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null } satisfies RedisOptions);
  redis.on('error', (err: Error) => logger.warn({ err, component: 'redis' }, 'redis connection error'));
  return redis;
}

export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status !== 'ready') return redis.disconnect();
  await redis.quit().catch(() => redis.disconnect());
}
