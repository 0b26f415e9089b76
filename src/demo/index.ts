// `npm run demo`: the whole product locally with no cloud accounts — the MDE + Entra ID simulator, a
// Redis, the bot (role all) with Slack and Teams on, and the browser playground that plays both
// platforms. Prints one URL; Ctrl-C stops everything. It only ever uses a Redis on this machine, under
// a fresh key prefix whose keys it deletes on exit.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '../config/index.js';
import { createLogger } from '../core/logger.js';
import { createPlayground, demoRbacYaml, PLAYGROUND_PATH } from '../playground/index.js';
import { startBot } from '../runtime/bot.js';
import { ensureCertificates, startSimulator } from '../sim/index.js';
import { demoEnv, demoPrefix, demoSecrets, doctorEnvFile } from './env.js';
import { nonLocalRedisReason } from './local-redis.js';
import { dropPrefix, findRedis, freePort } from './redis.js';

/** Certificates, the RBAC file and the log; DEMO_STATE_DIR lets tests run demos side by side. */
const stateDir = process.env.DEMO_STATE_DIR ?? join(process.cwd(), '.sim');
const DEFAULT_PORT = 3978;
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** What a failed start must not leave running (a private redis-server outlives us otherwise). */
const startedChildren: { stop(): void }[] = [];
/** Set once keys may exist in a Redis that outlives the demo: a failed start deletes them too. */
let sharedKeys: { url: string; prefix: string } | undefined;

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
  // Ctrl-C reaches the child too (same process group); forwarding covers a signal sent to us alone.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 1));
  return true;
}

/** The playground's fake Slack API lives on the bot's port, so SLACK_API_URL needs the port up front. */
async function demoPort(): Promise<number> {
  const wanted = Number(process.env.PORT ?? DEFAULT_PORT);
  return wanted > 0 ? wanted : freePort();
}

/** Before anything is created or connected: a shared Redis is refused in one line. */
function refuseSharedRedis(): void {
  const reason = nonLocalRedisReason(redisUrl);
  if (reason === undefined) return;
  process.stderr.write(`demo refused: ${reason}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  refuseSharedRedis();
  if (await relaunchTrustingSimulator()) return;
  const logFile = join(stateDir, 'demo.log');
  // The console shows only the banner; the bot's JSON logs go to a file.
  const logger = createLogger({
    level: process.env.LOG_LEVEL ?? 'info',
    destination: createWriteStream(logFile, { flags: 'a' }),
  });
  const queuePrefix = demoPrefix();
  if (process.env.QUEUE_PREFIX) {
    const line = `QUEUE_PREFIX=${process.env.QUEUE_PREFIX} is ignored: the demo uses its own fresh prefix ${queuePrefix} and deletes only its keys on exit.`;
    logger.warn({ ignoredQueuePrefix: process.env.QUEUE_PREFIX, queuePrefix }, line);
    process.stdout.write(`${line}\n`);
  }
  const sim = await startSimulator({ certDir: stateDir, port: Number(process.env.SIM_PORT ?? 0) });
  const redis = await findRedis(redisUrl, stateDir);
  startedChildren.push(redis);
  if (!redis.child) sharedKeys = { url: redis.url, prefix: queuePrefix };
  const rbacFile = join(stateDir, 'demo-rbac.yaml');
  await writeFile(rbacFile, demoRbacYaml());
  const secrets = demoSecrets();
  const port = await demoPort();
  const env = demoEnv({ port, redisUrl: redis.url, sim, rbacFile, secrets, queuePrefix, env: process.env });
  const config = loadConfig(env);
  // `npm run doctor -- --env-file .sim/doctor.env` checks this very setup (local secrets only, owner-only file).
  const doctorEnv = join(stateDir, 'doctor.env');
  await writeFile(doctorEnv, doctorEnvFile(env), { mode: 0o600 });
  const playground = createPlayground({
    slackSigningSecret: secrets.slackSigningSecret,
    slackBotToken: secrets.slackBotToken,
    simUrl: sim.url,
    logger,
  });
  const bot = await startBot({
    config,
    logger,
    // Action cards move on within a second or two of the simulator's lifecycle.
    worker: { lifecycle: { firstPollDelayMs: 1_000, maxPollDelayMs: 2_000 } },
    mountExtraRoutes: (app) => playground.mount(app),
  });

  process.stdout.write(
    [
      '',
      'defbot demo is running — no cloud accounts: a simulated Defender tenant, Slack and Teams played in your browser.',
      '',
      `  Open ${bot.url}${PLAYGROUND_PATH}`,
      '',
      `Redis: ${redis.child ? 'a private redis-server started for the demo' : 'the one at REDIS_URL'}, key prefix ${queuePrefix} (its keys are deleted on exit); logs: ${logFile}`,
      `Check the setup: npm run doctor -- --env-file ${doctorEnv}`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async () => {
    // Ctrl-C arrives twice (from the terminal and forwarded by the relaunching parent): stop once.
    if (stopping) return;
    stopping = true;
    try {
      await bot.close();
      await sim.close();
    } finally {
      if (sharedKeys) await dropPrefix(sharedKeys.url, sharedKeys.prefix);
      redis.stop();
    }
    process.stdout.write('defbot demo stopped.\n');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  const inUse = (error as { code?: unknown } | null)?.code === 'EADDRINUSE';
  const reason = inUse
    ? `port ${process.env.PORT ?? DEFAULT_PORT} is in use; set PORT to another port`
    : error instanceof Error
      ? error.message
      : String(error);
  process.stderr.write(`demo failed to start: ${reason}\n`);
  for (const child of startedChildren) child.stop();
  void (sharedKeys ? dropPrefix(sharedKeys.url, sharedKeys.prefix) : Promise.resolve()).finally(() =>
    process.exit(1),
  );
});
