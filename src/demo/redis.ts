// Finds a Redis for the demo: the one at REDIS_URL if it answers, else a private redis-server from
// the PATH on a free port (persisted in the demo's state directory), else a clear message on how to
// get one; cleans up after.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

export interface DemoRedis {
  url: string;
  /** Set when the demo started its own redis-server. */
  child: ChildProcess | undefined;
  stop(): void;
}

async function answers(url: string): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return true;
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export async function findRedis(preferred: string, dataDir?: string): Promise<DemoRedis> {
  if (await answers(preferred)) return { url: preferred, child: undefined, stop: () => undefined };
  const port = await freePort();
  // A fresh private Redis each run: the last run's append-only file would only bring back its keys.
  if (dataDir) await rm(join(dataDir, 'appendonlydir'), { recursive: true, force: true });
  const child = spawn(
    'redis-server',
    // With a data directory, persisted as production wants it (the doctor then finds nothing to warn about).
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      ...(dataDir ? ['--appendonly', 'yes', '--dir', dataDir] : ['--appendonly', 'no']),
    ],
    {
      stdio: 'ignore',
    },
  );
  const spawned = await new Promise<boolean>((resolve) => {
    child.once('error', () => resolve(false));
    child.once('spawn', () => resolve(true));
  });
  if (!spawned) {
    throw new Error(
      `No Redis answers at ${preferred} and redis-server is not on the PATH. Install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) or set REDIS_URL.`,
    );
  }
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50 && !(await answers(url)); i++)
    await new Promise((resolve) => setTimeout(resolve, 100));
  return { url, child, stop: () => void child.kill('SIGTERM') };
}

/** A SCAN MATCH pattern for the literal text (glob characters escaped). */
function literalPattern(text: string): string {
  return text.replace(/[\\*?[\]]/g, (c) => `\\${c}`);
}

/**
 * Deletes the demo's keys, and only those, from a Redis that outlives it: SCAN with MATCH on
 * `<prefix>:` (never KEYS or FLUSHDB), so each run leaves nothing behind and touches no one else's.
 */
export async function dropPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${literalPattern(prefix)}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } catch {
    // Best effort: a Redis that went away keeps its keys.
  } finally {
    redis.disconnect();
  }
}
