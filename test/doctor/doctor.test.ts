// `npm run doctor` against the simulator, a fake Slack and real Redis: a sound setup has no ✗; each
// broken part is a ✗ with its fix — a token missing a role, an evicting Redis, a missing Slack scope,
// a single approver, an RBAC entry that can never match, an unreachable MDE — and the CLI's exit code
// and --json say the same. No token or secret is ever printed.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReport, runDoctor, type Check } from '../../src/doctor/index.js';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, type Simulator } from '../../src/sim/index.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../helpers/bot.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { startTestSimulator } from '../helpers/sim.js';

const HAVE_REDIS_SERVER = spawnSync('redis-server', ['--version']).status === 0;
const RBAC = `
roles:
  viewer: ["slack:*"]
  responder: ["slack:U0RESP"]
  approver: ["slack:U0APPR1", "email:second.approver@contoso.com"]
  admin: ["slack:U0ADMIN"]
`;

let sim: Simulator;
let slack: FakeSlack;
let dir: string;

beforeAll(async () => {
  sim = await startTestSimulator();
  slack = await startFakeSlack({ botToken: BOT_TOKEN });
  dir = await mkdtemp(join(tmpdir(), 'defbot-doctor-'));
});
afterAll(async () => {
  await slack.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

async function env(overrides: Record<string, string> = {}, rbac = RBAC): Promise<Record<string, string>> {
  const rbacFile = join(dir, `rbac-${randomUUID()}.yaml`);
  await writeFile(rbacFile, rbac);
  return {
    ROLE: 'all',
    HOST: '127.0.0.1',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    AZURE_TENANT_ID: sim.tenantId,
    AZURE_CLIENT_ID: DEFAULT_CLIENT_ID,
    AZURE_CLIENT_SECRET: DEFAULT_CLIENT_SECRET,
    AZURE_AUTHORITY_HOST: sim.authorityHost,
    DEFENDER_API_URL: sim.defenderApiUrl,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    TEAMS_ALLOW_UNAUTHENTICATED: 'true',
    RBAC_FILE: rbacFile,
    ...overrides,
  };
}

const failures = (checks: readonly Check[]) => checks.filter((c) => c.status === 'fail');
const line = (checks: readonly Check[], pattern: RegExp) =>
  checks.find((c) => pattern.test(`${c.area}: ${c.message}`));

describe('npm run doctor', () => {
  it('finds nothing wrong with a sound setup, and prints no secret', async () => {
    const checks = await runDoctor(await env());
    expect(failures(checks)).toEqual([]);
    expect(line(checks, /^Entra: look-ups .*Machine\.Read\.All granted/)?.status).toBe('ok');
    expect(line(checks, /^Entra: alert triage .*Alert\.ReadWrite\.All granted/)?.status).toBe('ok');
    expect(line(checks, /^MDE: .* answers/)?.status).toBe('ok');
    expect(line(checks, /^Graph: hunting .*ThreatHunting\.Read\.All granted/)?.status).toBe('ok');
    expect(line(checks, /^Slack: scope users:read\.email granted/)?.status).toBe('ok');
    expect(line(checks, /^Redis: .*Redis \d/)?.status).toBe('ok');
    expect(line(checks, /^RBAC: 3 approver entries|^RBAC: approvers/)?.status).toBe('ok');
    const text = formatReport(checks);
    for (const secret of [DEFAULT_CLIENT_SECRET, BOT_TOKEN, SIGNING_SECRET])
      expect(text).not.toContain(secret);
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
  });

  it('names a permission the app token lacks, with the fix', async () => {
    const clientId = randomUUID();
    sim.addApp({
      clientId,
      displayName: 'defbot-alerts-only',
      secret: 'alerts-only-secret',
      certificatePem: undefined,
      appRoles: ['Alert.Read.All'],
      delegatedScopes: [],
    });
    const checks = await runDoctor(
      await env({ AZURE_CLIENT_ID: clientId, AZURE_CLIENT_SECRET: 'alerts-only-secret' }),
    );
    const lookups = line(checks, /^Entra: look-ups/)!;
    expect(lookups).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/no Machine\.Read\.All or Machine\.ReadWrite\.All/) as unknown,
    });
    expect(lookups.fix).toContain(`app registration ${clientId}`);
    expect(lookups.fix).toContain('add Machine.Read.All, then Grant admin consent');
    expect(line(checks, /^Entra: isolate, release/)?.status).toBe('warn');
    expect(line(checks, /^MDE: /)?.status).toBe('fail');
  });

  it('fails an unreachable MDE host', async () => {
    const port = await closedPort();
    const checks = await runDoctor(await env({ DEFENDER_API_URL: `https://127.0.0.1:${port}` }));
    const mde = line(checks, /^MDE: /)!;
    expect(mde.status).toBe('fail');
    expect(mde.message).toContain('did not answer');
    expect(mde.fix).toMatch(/DEFENDER_API_URL/);
  });

  it('fails a Slack token without a scope the bot needs', async () => {
    const narrow = await startFakeSlack({
      botToken: BOT_TOKEN,
      scopes: ['commands', 'chat:write', 'users:read'],
    });
    try {
      const checks = await runDoctor(await env({ SLACK_API_URL: narrow.apiUrl }));
      expect(line(checks, /^Slack: scope users:read\.email missing/)).toMatchObject({
        status: 'fail',
        fix: 'add the bot scope users:read.email under OAuth & Permissions, then reinstall the app',
      });
      expect(line(checks, /^Slack: scope files:write missing/)?.status).toBe('warn');
    } finally {
      await narrow.close();
    }
  });

  it('fails an RBAC file with one approver, and an entry that can never match', async () => {
    const checks = await runDoctor(
      await env(
        {},
        'roles:\n  viewer: ["teams:6f1c0000-0000-4000-8000-000000000001"]\n  responder: []\n  approver: ["slack:U0ONLY"]\n  admin: []\n',
      ),
    );
    expect(line(checks, /^RBAC: four-eyes needs two people/)).toMatchObject({ status: 'fail' });
    expect(
      line(
        checks,
        /^RBAC: viewer entry teams:6f1c0000-0000-4000-8000-000000000001 can never match: that is an Entra object id: write aad:/,
      )?.status,
    ).toBe('fail');
    expect(line(checks, /^RBAC: no admin/)?.status).toBe('warn');
  });

  it.skipIf(!HAVE_REDIS_SERVER)('fails a Redis that may evict keys', async () => {
    const evicting = await startRedis(['--maxmemory', '64mb', '--maxmemory-policy', 'allkeys-lru']);
    try {
      const checks = await runDoctor(await env({ REDIS_URL: evicting.url }));
      expect(line(checks, /^Redis: maxmemory-policy allkeys-lru/)).toMatchObject({
        status: 'fail',
        fix: expect.stringContaining('noeviction') as unknown,
      });
      expect(line(checks, /^Redis: no persistence/)?.status).toBe('warn');
    } finally {
      await evicting.stop();
    }
  });

  it('exits 1 with --json on a failure, 0 on a sound setup, with the same checks', async () => {
    const bad = await cli(
      await env({}, 'roles:\n  viewer: []\n  responder: []\n  approver: ["slack:U0ONLY"]\n  admin: []\n'),
    );
    expect(bad.code).toBe(1);
    const report = JSON.parse(bad.stdout) as { ok: boolean; checks: Check[] };
    expect(report.ok).toBe(false);
    expect(report.checks.some((c) => c.status === 'fail' && /four-eyes/.test(c.message))).toBe(true);
    const good = await cli(await env());
    expect(good.code).toBe(0);
    expect((JSON.parse(good.stdout) as { ok: boolean }).ok).toBe(true);
  });
});

/** Runs the CLI as an operator would (through an env file, as for the demo). */
async function cli(values: Record<string, string>): Promise<{ code: number | null; stdout: string }> {
  const file = join(dir, `doctor-${randomUUID()}.env`);
  await writeFile(
    file,
    Object.entries(values)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
  );
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/doctor/cli.ts', '--json', '--env-file', file],
    {
      env: { ...process.env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, stdout };
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startRedis(args: string[]): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await closedPort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...args],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  for (
    let i = 0;
    !(await probe.connect().then(
      () => true,
      () => false,
    ));
    i += 1
  ) {
    if (i > 50) throw new Error('redis-server did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  probe.disconnect();
  return {
    url,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
