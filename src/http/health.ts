// Liveness and readiness probes. Readiness asks Redis, because without it the bot can neither
// enqueue nor keep approvals; it also turns 503 while the process drains for shutdown.
import { Router } from 'express';
import type { Logger } from '../core/index.js';

export interface Pingable {
  ping(): Promise<string>;
}

export interface HealthOptions {
  redis: Pingable;
  logger: Logger;
  /** How long readiness waits for PONG. */
  timeoutMs: number;
  isDraining: () => boolean;
}

async function pingWithin(redis: Pingable, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([redis.ping(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes({ redis, logger, timeoutMs, isDraining }: HealthOptions): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    if (isDraining()) {
      res.status(503).json({ status: 'unavailable', reason: 'shutting down' });
      return;
    }
    try {
      await pingWithin(redis, timeoutMs);
      res.json({ status: 'ok' });
    } catch (error) {
      logger.warn({ err: error }, 'readiness: redis did not answer');
      // The reason stays generic: the probe may be reachable from outside, the detail is in the log.
      res.status(503).json({ status: 'unavailable', reason: 'redis not reachable' });
    }
  });
  return router;
}
