// `npm run demo`: the whole product locally with no cloud accounts — the MDE + Entra ID simulator,
// a Redis, and the bot (role all) wired to them. Stops everything on Ctrl-C.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '../config/index.js';
import { createLogger } from '../core/logger.js';
import { startBot } from '../runtime/bot.js';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, ensureCertificates, startSimulator } from '../sim/index.js';
import { findRedis } from './redis.js';

const DEMO_RBAC = `# Demo role bindings: every local user may look; named demo users act, approve and administer.
roles:
  viewer: ["slack:*", "teams:*"]
  responder: ["slack:U0RESPONDER", "teams:29:responder"]
  approver: ["slack:U0APPROVER", "teams:29:approver"]
  admin: ["slack:U0ADMIN", "teams:29:admin"]
userContext: optional
approvals:
  ttlMinutes: 60
  actions: [isolate, release, restrict, unrestrict]
`;

const stateDir = join(process.cwd(), '.sim');

/**
 * Node reads NODE_EXTRA_CA_CERTS only at start, so the demo makes the simulator's CA first and then
 * runs itself again with the variable set: the bot trusts the simulator the standard way, with TLS
 * checks on, exactly as it would trust a corporate CA.
 */
async function relaunchTrustingSimulator(): Promise<boolean> {
  await mkdir(stateDir, { recursive: true });
  const { caPath } = await ensureCertificates(stateDir);
  if (process.env.NODE_EXTRA_CA_CERTS === caPath) return false;
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    env: { ...process.env, NODE_EXTRA_CA_CERTS: caPath },
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 1));
  return true;
}

async function main(): Promise<void> {
  if (await relaunchTrustingSimulator()) return;
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'info' });
  const sim = await startSimulator({ certDir: stateDir, port: Number(process.env.SIM_PORT ?? 0) });
  const redis = await findRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const rbacFile = join(stateDir, 'demo-rbac.yaml');
  await writeFile(rbacFile, DEMO_RBAC);

  const config = loadConfig({
    ...process.env,
    ROLE: 'all',
    HOST: '127.0.0.1',
    PORT: process.env.PORT ?? '3978',
    REDIS_URL: redis.url,
    QUEUE_PREFIX: process.env.QUEUE_PREFIX ?? `demo-${randomUUID().slice(0, 8)}`,
    AZURE_TENANT_ID: sim.tenantId,
    AZURE_CLIENT_ID: DEFAULT_CLIENT_ID,
    AZURE_CLIENT_SECRET: DEFAULT_CLIENT_SECRET,
    AZURE_AUTHORITY_HOST: sim.authorityHost,
    DEFENDER_API_URL: sim.defenderApiUrl,
    RBAC_FILE: rbacFile,
  });
  const bot = await startBot({ config, logger });

  process.stdout.write(
    [
      '',
      'defbot demo is running (no cloud accounts involved):',
      `  bot:        ${bot.url}  (health: ${bot.url}/healthz, metrics: ${bot.url}/metrics)`,
      `  simulator:  ${sim.url}  (MDE API + Entra ID; control API at ${sim.url}/_sim)`,
      `  redis:      ${redis.url}${redis.child ? ' (a private redis-server started for the demo)' : ''}`,
      '  playground: not yet — the browser chat playground lands with a later change.',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await bot.close();
    await sim.close();
    redis.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
