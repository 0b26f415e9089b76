// `npm run demo` stays off shared Redis: a REDIS_URL naming another host is refused in one line, with a
// non-zero exit, before anything is started or connected (the demo deletes keys on exit and accepts
// unauthenticated Teams traffic).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nonLocalRedisReason } from '../../src/demo/local-redis.js';
import { groupGoneWithin, REPO_ROOT } from './demo-process.js';
import { freePort } from '../../src/demo/redis.js';

const PASSWORD = 'not-for-your-eyes-7f3a';
const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.splice(0)) await step();
});

/** An address of this machine that is not loopback, if it has one: a "shared" Redis the test can watch. */
function outsideAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address;
}

/** A TCP listener that only counts who connects: were the demo to touch the Redis, it would show here. */
async function watchedListener(
  host: string,
): Promise<{ server: Server; port: number; connections: () => number }> {
  let connections = 0;
  const server = createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  return {
    server,
    port: typeof address === 'object' && address ? address.port : 0,
    connections: () => connections,
  };
}

describe('which REDIS_URL the demo accepts', () => {
  it.each([
    'redis://127.0.0.1:6379',
    'redis://127.8.9.10:6380/2',
    'redis://localhost',
    'redis://:pw@LOCALHOST:6379',
    'redis://[::1]:6379',
    'rediss://user:pw@127.0.0.1:6380',
  ])('accepts %s (this machine)', (url) => {
    expect(nonLocalRedisReason(url)).toBeUndefined();
  });

  it.each([
    ['redis://10.20.30.40:6379', '10.20.30.40'],
    [`redis://:${PASSWORD}@redis.internal.example:6379`, 'redis.internal.example'],
    [`rediss://default:${PASSWORD}@contoso.redis.cache.windows.net:6380`, 'contoso.redis.cache.windows.net'],
    ['redis://0.0.0.0:6379', '0.0.0.0'],
    ['redis://[::ffff:10.0.0.1]:6379', '[::ffff:a00:1]'],
    ['redis://[fd00::2]:6379', '[fd00::2]'],
  ])('refuses %s, naming the host but never the password', (url, host) => {
    const reason = nonLocalRedisReason(url);
    expect(reason).toContain(`points at ${host}, not this machine`);
    expect(reason).not.toContain(PASSWORD);
    expect(reason).not.toContain('\n');
  });

  it.each(['http://127.0.0.1:6379', '127.0.0.1:6379', 'not a url'])(
    'refuses %s (not a redis:// URL)',
    (url) => {
      expect(nonLocalRedisReason(url)).toMatch(/redis:/);
    },
  );
});

describe('npm run demo with a non-loopback REDIS_URL', () => {
  it('exits non-zero with one clear line, before connecting to that Redis or starting anything', async () => {
    const host = outsideAddress();
    // Without a non-loopback interface, TEST-NET-1 stands in (nothing listens there to watch).
    const watched = host ? await watchedListener(host) : undefined;
    if (watched) cleanup.push(() => new Promise<void>((resolve) => watched.server.close(() => resolve())));
    const redisHost = host ?? '192.0.2.1';
    const base = await mkdtemp(join(tmpdir(), 'defbot-demo-refused-'));
    cleanup.push(() => rm(base, { recursive: true, force: true }));
    const stateDir = join(base, 'state');
    const port = await freePort();

    const child = spawn('npm', ['run', 'demo'], {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        REDIS_URL: `redis://:${PASSWORD}@${redisHost}:${watched?.port ?? 6379}`,
        PORT: String(port),
        DEMO_STATE_DIR: stateDir,
        NODE_EXTRA_CA_CERTS: '',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) =>
      child.once('exit', (exitCode) => resolve(exitCode)),
    );

    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    const lines = stderr.split('\n').filter((line) => line.trim() !== '');
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(
          `^demo refused: REDIS_URL points at ${redisHost.replaceAll('.', '\\.')}, not this machine;`,
        ),
      ),
    ]);
    expect(stdout + stderr).not.toContain(PASSWORD);
    expect(stdout).not.toMatch(/Open http|defbot demo is running/);

    // Nothing was started: no state (certificates, RBAC file, log), no listener, no process left.
    expect(existsSync(stateDir)).toBe(false);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    // npm exits as soon as its script does; the script's own processes may still be reaping. None may stay.
    expect(await groupGoneWithin(child.pid!, 10_000)).toBe(true);
    if (watched) expect(watched.connections()).toBe(0);
  }, 90_000);
});
