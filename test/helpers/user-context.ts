// Drives user sign-in in end-to-end tests: a bot whose PUBLIC_URL is its own loopback URL, the
// login command's private link, and the browser's redirects followed one at a time.
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { startTestBot, type TestBot } from './bot.js';
import type { FakeSlack } from './fake-slack.js';
import { SlackDriver } from './slack-flow.js';
import { freePort } from '../../src/demo/redis.js';

export interface UserContextBot {
  bot: TestBot;
  driver: SlackDriver;
  key: Buffer;
}

export async function startUserContextBot(
  sim: Simulator,
  slack: FakeSlack,
  rbac: string,
  clock?: { now(): number },
  /** More of the bot's environment (e.g. HUNTS_FILE). */
  env: Record<string, string> = {},
): Promise<UserContextBot> {
  const port = await freePort();
  const key = randomBytes(32);
  const bot = await startTestBot({
    sim,
    slack,
    rbac,
    env: {
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      TOKEN_ENCRYPTION_KEY: key.toString('base64'),
      ...env,
    },
    ...(clock ? { clock } : {}),
  });
  return { bot, driver: new SlackDriver(bot, slack), key };
}

/** The sign-in link in the login command's private answer. */
export async function loginLink(driver: SlackDriver, user: string, channel: string): Promise<string> {
  const ack = await driver.command('login', user, channel);
  expect(ack.status).toBe(200);
  const body = JSON.parse(ack.body) as { response_type: string };
  expect(body.response_type).toBe('ephemeral');
  const link = /http:\/\/127\.0\.0\.1:\d+\/auth\/start\?state=[A-Za-z0-9_%-]+/.exec(ack.body)?.[0];
  expect(link).toBeDefined();
  return link!;
}

/** Follows the redirects by hand: /auth/start -> simulator /authorize -> /auth/callback. */
export async function followSignIn(
  link: string,
  loginHint: string,
): Promise<{ status: number; text: string; callback: string }> {
  const start = await fetch(`${link}&login_hint=${encodeURIComponent(loginHint)}`, { redirect: 'manual' });
  expect(start.status).toBe(302);
  const authorize = new URL(start.headers.get('location')!);
  expect(authorize.pathname).toMatch(/\/oauth2\/v2\.0\/authorize$/);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  const entra = await fetch(authorize, { redirect: 'manual' });
  expect(entra.status).toBe(302);
  const callback = entra.headers.get('location')!;
  const done = await fetch(callback, { redirect: 'manual' });
  return { status: done.status, text: await done.text(), callback };
}
