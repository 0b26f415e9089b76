// The real entry point: starts on a free port, serves /healthz, and exits 0 on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../src/demo/redis.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Starts main.ts in one node process (npx would not forward SIGTERM) and resolves with its port from the start log. */
async function startMain(
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; port: number; stdout: () => string; stderr: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: process.cwd(),
    env: {
      PATH: process.env.PATH,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      HOST: '127.0.0.1',
      PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const started = stdout
        .split('\n')
        .slice(0, -1)
        .find((line) => line.includes('"msg":"defbot started"'));
      if (started) resolve((JSON.parse(started) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`main.ts exited with ${code} before starting: ${stderr}`)));
  });
  return { child, port, stdout: () => stdout, stderr: () => stderr };
}

describe('src/main.ts lifecycle', () => {
  it('serves /healthz, /readyz and /metrics, then exits 0 on SIGTERM', async () => {
    const { child, port, stdout } = await startMain({
      ROLE: 'all',
      SLACK_SIGNING_SECRET: 'sig-value',
      SLACK_BOT_TOKEN: 'xoxb-secret-bot-token',
    });
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${base}/metrics`)).text()).toContain('defbot_commands_total');

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(stdout()).toContain('"msg":"shutting down"');
    expect(stdout()).toContain('"slack":"on"');
    expect(stdout()).not.toContain('xoxb-secret-bot-token');
  });

  it('the worker role serves the probes too and stops on SIGINT', async () => {
    const { child, port, stdout } = await startMain({ ROLE: 'worker' });
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect(stdout()).toContain('"role":"worker"');
    const exited = once(child, 'exit');
    child.kill('SIGINT');
    expect((await exited)[0]).toBe(0);
  });

  it('with METRICS_PORT and METRICS_TOKEN serves /metrics only there, behind the token, and never logs the token', async () => {
    const token = `scrape-${randomUUID()}`;
    const metricsPort = await freePort();
    const { child, port, stdout, stderr } = await startMain({
      ROLE: 'all',
      METRICS_PORT: String(metricsPort),
      METRICS_TOKEN: token,
      LOG_LEVEL: 'trace',
    });
    const scrape = `http://127.0.0.1:${metricsPort}/metrics`;
    expect((await fetch(scrape)).status).toBe(401);
    expect(
      (await fetch(scrape, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status,
    ).toBe(401);
    const ok = await fetch(scrape, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('defbot_commands_total');
    expect(
      (await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${token}` } }))
        .status,
    ).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect(stdout()).toContain(`"metrics":"port ${metricsPort}, bearer token required"`);

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    expect((await exited)[0]).toBe(0);
    expect(stdout() + stderr()).not.toContain(token);
  });
});
