// The demo shows real Teams identities: the playground's fake Bot Connector answers the member API
// with each demo user's mailbox and UPN, so `whoami` from Teams names the person's email, and the
// playground's own activities pass the tenant gate and the local-only checks of the demo bot.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/core/logger.js';
import { demoEnv, demoSecrets } from '../../src/demo/env.js';
import {
  DEMO_USERS,
  createPlayground,
  demoRbacYaml,
  type VisibleMessage,
} from '../../src/playground/index.js';
import { startBot, type RunningBot } from '../../src/runtime/bot.js';
import type { Simulator } from '../../src/sim/index.js';
import { startTestSimulator } from '../helpers/sim.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `test-${randomUUID()}`;
const viewer = DEMO_USERS.find((user) => user.platform === 'teams' && user.role === 'viewer');

let sim: Simulator;
let bot: RunningBot;
let dir: string;
let base: string;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

beforeAll(async () => {
  sim = await startTestSimulator();
  dir = await mkdtemp(join(tmpdir(), 'defbot-playground-'));
  const rbacFile = join(dir, 'rbac.yaml');
  await writeFile(rbacFile, demoRbacYaml());
  const secrets = demoSecrets();
  const config = loadConfig(
    demoEnv({
      port: await freePort(),
      redisUrl: REDIS_URL,
      sim,
      rbacFile,
      secrets,
      queuePrefix: prefix,
      env: {},
    }),
  );
  const logger = createLogger({ level: 'warn', destination: new PassThrough().resume() });
  const playground = createPlayground({
    slackSigningSecret: secrets.slackSigningSecret,
    slackBotToken: secrets.slackBotToken,
    simUrl: sim.url,
    logger,
  });
  bot = await startBot({
    config,
    logger,
    isolatedMetrics: true,
    mountExtraRoutes: (app) => playground.mount(app),
  });
  base = `${bot.url}/playground`;
});

afterAll(async () => {
  await bot?.close();
  await sim?.close();
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  await rm(dir, { recursive: true, force: true });
});

async function visibleTo(user: string): Promise<VisibleMessage[]> {
  const res = await fetch(`${base}/api/messages?platform=teams&user=${encodeURIComponent(user)}`);
  return ((await res.json()) as { messages: VisibleMessage[] }).messages;
}

describe('playground Teams identities', () => {
  it('gives every demo person one mailbox on both platforms, and the Teams users a UPN', () => {
    for (const user of DEMO_USERS) expect(user.email).toMatch(/^[a-z]+\.[a-z]+@contoso\.com$/);
    const teams = DEMO_USERS.filter((user) => user.platform === 'teams');
    for (const user of teams) {
      expect(user.userPrincipalName).toBe(user.email);
      expect(DEMO_USERS.find((other) => other.platform === 'slack' && other.name === user.name)?.email).toBe(
        user.email,
      );
    }
  });

  it("answers the member API with the demo user's email and UPN", async () => {
    if (!viewer) throw new Error('no Teams viewer in the demo cast');
    const res = await fetch(
      `${base}/teams/v3/conversations/19:playground-team@thread.tacv2/members/${encodeURIComponent(viewer.id)}`,
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id: viewer.id,
      email: viewer.email,
      userPrincipalName: viewer.userPrincipalName,
      aadObjectId: viewer.aadObjectId,
    });
  });

  it('whoami from Teams names the person by email', async () => {
    if (!viewer) throw new Error('no Teams viewer in the demo cast');
    const sent = await fetch(`${base}/teams/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: viewer.id, text: 'whoami' }),
    });
    expect(await sent.json()).toEqual({ status: 200 });
    let found: VisibleMessage | undefined;
    for (let i = 0; i < 100 && !found; i++) {
      found = (await visibleTo(viewer.id)).find(
        (m) => m.author.kind === 'bot' && JSON.stringify(m).includes(`email:${viewer.email}`),
      );
      if (!found) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(found).toBeDefined();
  });
});
