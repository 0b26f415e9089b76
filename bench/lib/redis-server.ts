// A private redis-server on a free loopback port and its own directory: for the Redis restart drill
// (AOF on, fsynced on every write, so it can be stopped and started again with its data) and for the
// ack benchmark (pinned off the CPU under test, as a production Redis is on a host of its own).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { getPriority, setPriority } from 'node:os';
import { createInterface } from 'node:readline';
import { freePort } from '../../src/demo/redis.js';
import { onCpu } from './child.js';

export interface PrivateRedisOptions {
  /** AOF on, fsync always (the restart drill); otherwise no persistence at all. */
  persistent?: boolean;
  /** Runs it on this CPU only (where taskset is available). */
  cpu?: number;
  /**
   * Its nice value (negative: ahead of the CPU's other processes; needs root, else left at 0). On a
   * shared CPU this stands in for the host of its own Redis has in production.
   */
  priority?: number;
}

export interface PrivateRedis {
  port: number;
  /** Its nice value as set (0 when raising its priority was not allowed). */
  priority: number;
  url: string;
  /** SIGTERM: Redis flushes its AOF and exits; resolves once it has. */
  stop(): Promise<void>;
  /** Starts it again on the same port and directory. */
  restart(): Promise<void>;
}

function launch(port: number, dir: string, options: PrivateRedisOptions): Promise<ChildProcess> {
  const persistence = options.persistent
    ? ['--appendonly', 'yes', '--appendfsync', 'always']
    : ['--appendonly', 'no'];
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, ...persistence, '--save', ''];
  const [command, commandArgs] = onCpu(options.cpu, 'redis-server', args);
  const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'inherit'] });
  if (options.priority !== undefined && child.pid !== undefined) {
    try {
      setPriority(child.pid, options.priority);
    } catch {
      // Not allowed here (not root): it runs at the default priority, as the results note says.
    }
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('redis-server did not become ready within 10 s'));
    }, 10_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code} before it was ready`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.includes('Ready to accept connections')) return;
      clearTimeout(timer);
      resolve(child);
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Undefined when there is no redis-server on the PATH. */
export async function startPrivateRedis(
  dir: string,
  options: PrivateRedisOptions = {},
): Promise<PrivateRedis | undefined> {
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).error) return undefined;
  const port = await freePort();
  let child = await launch(port, dir, options);
  return {
    port,
    priority: child.pid === undefined ? 0 : getPriority(child.pid),
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
    },
    async restart() {
      child = await launch(port, dir, options);
    },
  };
}
