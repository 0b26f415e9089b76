// docker-compose.yml as a deployment: Redis requires the password from the env file (.env, example
// committed, real one git-ignored), the bot's REDIS_URL carries it, and every published port is bound to
// 127.0.0.1. The Redis part is then run for real: redis-server with the file's own arguments.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Service {
  image?: string;
  command?: string[] | string;
  environment?: Record<string, string> | string[];
  env_file?: string[] | string;
  ports?: (string | number | { host_ip?: string; published?: string | number; target: number })[];
  healthcheck?: { test: string[] | string };
}

interface ComposeFile {
  services: Record<string, Service>;
}

let compose: ComposeFile;
let raw: string;
/** The variables .env.example defines: what a copied .env feeds Compose's substitution. */
let example: Record<string, string>;

beforeAll(async () => {
  raw = await readFile(join(REPO_ROOT, 'docker-compose.yml'), 'utf8');
  compose = parse(raw) as ComposeFile;
  example = parseEnvFile(await readFile(join(REPO_ROOT, '.env.example'), 'utf8'));
});

function parseEnvFile(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match) vars[match[1]!] = match[2]!.trim();
  }
  return vars;
}

/** Compose's substitution for the forms this file may use: $$, ${VAR}, ${VAR:?err}, ${VAR?err}, ${VAR:-def}, ${VAR-def}. */
function interpolate(text: string, vars: Record<string, string>): string {
  return text.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[?-])([^}]*))?\}/g,
    (whole, name?: string, op?: string, arg?: string) => {
      if (whole === '$$') return '$';
      const value = vars[name!];
      if (op?.endsWith('?')) {
        if (value === undefined || (op === ':?' && value === '')) throw new Error(`${name}: ${arg}`);
        return value;
      }
      if (op?.endsWith('-') && (value === undefined || (op === ':-' && value === ''))) return arg ?? '';
      return value ?? '';
    },
  );
}

function environmentOf(service: Service): Record<string, string> {
  const env = service.environment ?? {};
  if (!Array.isArray(env)) return env;
  return Object.fromEntries(
    env.map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
  );
}

function commandOf(service: Service): string[] {
  const command = service.command ?? [];
  return Array.isArray(command) ? command : command.split(/\s+/);
}

/** The bot's services: the ones that run the defbot image. */
function botServices(): [string, Service][] {
  return Object.entries(compose.services).filter(([, service]) => service.image?.startsWith('defbot'));
}

/** The host address a published port binds to; Compose's default (no address) is every interface. */
function hostAddressOf(port: NonNullable<Service['ports']>[number]): string {
  if (typeof port === 'object') return port.host_ip ?? '0.0.0.0';
  const text = String(port);
  const ipv6 = /^\[([^\]]+)\]:/.exec(text);
  if (ipv6) return ipv6[1]!;
  const parts = text.split(':');
  return parts.length === 3 ? parts[0]! : '0.0.0.0';
}

const PASSWORD_REF = /^\$\{REDIS_PASSWORD:\?[^}]+\}$/;

describe('docker-compose.yml', () => {
  it('starts Redis with --requirepass set from REDIS_PASSWORD, which Compose refuses to run without', () => {
    const command = commandOf(compose.services.redis!);
    const at = command.indexOf('--requirepass');
    expect(at).toBeGreaterThan(0);
    expect(command[at + 1]).toMatch(PASSWORD_REF);
    // No fallback password anywhere: every use of the variable is the required (:?) form.
    const uses = raw.match(/\$\{REDIS_PASSWORD[^}]*\}/g) ?? [];
    expect(uses.length).toBeGreaterThanOrEqual(3);
    for (const use of uses) expect(use).toMatch(PASSWORD_REF);
    expect(() => interpolate(command[at + 1]!, {})).toThrow(/REDIS_PASSWORD/);
    expect(() => interpolate(command[at + 1]!, { REDIS_PASSWORD: '' })).toThrow(/REDIS_PASSWORD/);
  });

  it('keeps Redis durable: noeviction and AOF on', () => {
    const command = commandOf(compose.services.redis!).join(' ');
    expect(command).toContain('--maxmemory-policy noeviction');
    expect(command).toContain('--appendonly yes');
  });

  it('takes REDIS_PASSWORD from an env file: .env.example is committed, a real .env (and defbot.env) is git-ignored', async () => {
    expect(Object.keys(example)).toContain('REDIS_PASSWORD');
    // Compose reads .env next to the file for substitution; that is where the example is copied to.
    for (const secretFile of ['.env', 'defbot.env']) {
      await expect(run('git', ['check-ignore', '-q', secretFile], { cwd: REPO_ROOT })).resolves.toBeDefined();
    }
    await expect(
      run('git', ['check-ignore', '-q', '.env.example'], { cwd: REPO_ROOT }),
    ).rejects.toMatchObject({ code: 1 });
    const tracked = await run('git', ['ls-files', '--', '.env', 'defbot.env'], { cwd: REPO_ROOT });
    expect(tracked.stdout).toBe('');
  });

  it('gives every bot service a REDIS_URL that carries the Redis password and points at the redis service', () => {
    const services = botServices();
    expect(services.map(([name]) => name).sort()).toEqual(['web', 'worker']);
    const vars = { REDIS_PASSWORD: 'Pa55word0123456789abcdef' };
    for (const [, service] of services) {
      const url = new URL(interpolate(environmentOf(service).REDIS_URL ?? '', vars));
      expect(url.protocol).toBe('redis:');
      expect(url.hostname).toBe('redis');
      expect(decodeURIComponent(url.password)).toBe(vars.REDIS_PASSWORD);
    }
  });

  it('binds every published port to 127.0.0.1, and the web port is published', () => {
    const published = Object.entries(compose.services).flatMap(([name, service]) =>
      (service.ports ?? []).map((port) => ({ name, port, host: hostAddressOf(port) })),
    );
    expect(published.some(({ name }) => name === 'web')).toBe(true);
    for (const entry of published) expect(entry).toMatchObject({ host: '127.0.0.1' });
  });

  it('tells the operator that a TLS reverse proxy belongs in front', () => {
    expect(raw).toMatch(/TLS reverse proxy/);
  });
});

describe('the Redis service, run for real', () => {
  const password = 'cafe0123456789abcdef0123456789ab';
  let server: ChildProcess | undefined;
  let dir: string;
  let port: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'defbot-compose-redis-'));
    port = await new Promise<number>((resolve, reject) => {
      const probe = createServer();
      probe.once('error', reject);
      probe.listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() =>
          typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
        );
      });
    });
    const [binary, ...args] = commandOf(compose.services.redis!).map((part) =>
      interpolate(part, { REDIS_PASSWORD: password }),
    );
    expect(binary).toBe('redis-server');
    // The file's own arguments; only where it listens and writes are this test's.
    server = spawn(
      'redis-server',
      [...args, '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''],
      { stdio: 'ignore' },
    );
    for (let i = 0; i < 50; i++) {
      const ready = await run('redis-cli', ['-p', String(port), 'ping'], {
        env: { PATH: process.env.PATH, REDISCLI_AUTH: password },
      }).then(
        ({ stdout }) => stdout.trim() === 'PONG',
        () => false,
      );
      if (ready) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  afterAll(async () => {
    server?.kill('SIGTERM');
    await rm(dir, { recursive: true, force: true });
  });

  it("refuses clients without the password and serves the bot's REDIS_URL with it", async () => {
    const anonymous = new Redis({
      host: '127.0.0.1',
      port,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    anonymous.on('error', () => undefined);
    try {
      await expect(anonymous.ping()).rejects.toThrow(/NOAUTH/);
    } finally {
      anonymous.disconnect();
    }
    const url = new URL(
      interpolate(environmentOf(compose.services.web!).REDIS_URL!, { REDIS_PASSWORD: password }),
    );
    url.hostname = '127.0.0.1';
    url.port = String(port);
    const bot = new Redis(url.toString(), { lazyConnect: true, maxRetriesPerRequest: 0 });
    try {
      expect(await bot.ping()).toBe('PONG');
      expect(await bot.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
      expect(await bot.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
    } finally {
      bot.disconnect();
    }
  });

  it('answers the healthcheck as written, authenticated through the service environment', async () => {
    const redis = compose.services.redis!;
    const test = redis.healthcheck?.test;
    expect(Array.isArray(test) && test[0] === 'CMD').toBe(true);
    const [binary, ...args] = (test as string[]).slice(1);
    const env = Object.fromEntries(
      Object.entries(environmentOf(redis)).map(([key, value]) => [
        key,
        interpolate(value, { REDIS_PASSWORD: password }),
      ]),
    );
    const { stdout } = await run(binary!, ['-p', String(port), ...args], {
      env: { PATH: process.env.PATH, ...env },
    });
    expect(stdout.trim()).toBe('PONG');
  });
});
