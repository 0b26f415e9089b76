// Runs `npm run demo` from the repository as a child process (its own process group, like a terminal
// would), on a free port and a private state directory, and stops it with Ctrl-C's SIGINT.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../src/demo/redis.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface DemoProcess {
  /** The one URL the demo printed (…/playground). */
  playgroundUrl: string;
  baseUrl: string;
  /** The demo's own key prefix, as its banner printed it. */
  prefix: string;
  /** The QUEUE_PREFIX the demo inherited from its environment (and must ignore). */
  inheritedPrefix: string;
  child: ChildProcess;
  output(): string;
  /** SIGINT to the whole process group (Ctrl-C); resolves once no process of it is left. */
  interrupt(timeoutMs?: number): Promise<void>;
  cleanup(): Promise<void>;
}

export async function startDemo(timeoutMs = 90_000): Promise<DemoProcess> {
  const stateDir = await mkdtemp(join(tmpdir(), 'defbot-demo-'));
  const port = await freePort();
  const inheritedPrefix = `test-${randomUUID()}`;
  const child = spawn('npm', ['run', 'demo'], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(port),
      QUEUE_PREFIX: inheritedPrefix,
      DEMO_STATE_DIR: stateDir,
      NODE_EXTRA_CA_CERTS: '',
    },
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const deadline = Date.now() + timeoutMs;
  let url: string | undefined;
  while (!url) {
    url = /Open (http:\/\/\S+\/playground)/.exec(output)?.[1];
    if (child.exitCode !== null) throw new Error(`npm run demo exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`npm run demo printed no playground URL in time:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const prefix = /key prefix (\S+) \(/.exec(output)?.[1];
  if (!prefix) throw new Error(`npm run demo printed no key prefix:\n${output}`);
  const pid = child.pid!;
  return {
    playgroundUrl: url,
    baseUrl: url.replace(/\/playground$/, ''),
    prefix,
    inheritedPrefix,
    child,
    output: () => output,
    async interrupt(stopTimeoutMs = 30_000) {
      // npm itself dies of the SIGINT; what matters is that every process of the tree is gone.
      process.kill(-pid, 'SIGINT');
      const deadline = Date.now() + stopTimeoutMs;
      while (groupAlive(pid)) {
        if (Date.now() > deadline) {
          process.kill(-pid, 'SIGKILL');
          throw new Error(`npm run demo did not stop within ${stopTimeoutMs} ms of SIGINT:\n${output}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await exited;
    },
    async cleanup() {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/** True while any process of the group still runs. */
/** Whether every process of the group has exited within `timeoutMs` (checked every 50 ms). */
export async function groupGoneWithin(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

export function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}
