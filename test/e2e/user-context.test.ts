// User context end to end on Slack: login -> private link -> /auth/start -> the simulator's
// /authorize -> /auth/callback, then Defender calls on the user's delegated token; refusals of
// reused, expired, unknown and mismatched sign-ins; tokens encrypted at rest and absent from logs.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSealedBox, createUserTokenStore } from '../../src/identity/index.js';
import type { Simulator } from '../../src/sim/index.js';
import { BOT_TOKEN, DEFAULT_RBAC, USERS } from '../helpers/bot.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { buttons, content, tsOf } from '../helpers/slack-flow.js';
import { startTestSimulator } from '../helpers/sim.js';
import {
  followSignIn,
  loginLink,
  startUserContextBot,
  type UserContextBot,
} from '../helpers/user-context.js';

let sim: Simulator;
let slack: FakeSlack;
let uc: UserContextBot;
let now = Date.now();

beforeAll(async () => {
  sim = await startTestSimulator({ lifecycle: { pendingMs: 200, inProgressMs: 200 } });
  slack = await startFakeSlack({ botToken: BOT_TOKEN });
  uc = await startUserContextBot(sim, slack, DEFAULT_RBAC, { now: () => now });
  slack.setUser(USERS.responder, { email: 'Alex.Analyst@contoso.com' });
  slack.setUser(USERS.approver, { email: 'val.viewer@contoso.com' });
  slack.setUser(USERS.viewer, { email: 'somebody.else@contoso.com' });
});
afterAll(async () => {
  await uc.bot.close();
  await slack.close();
  await sim.close();
});
beforeEach(() => {
  now = Date.now();
});

describe('user context (Slack, userContext: optional)', () => {
  it('signs in through the whole round trip, then reads with the user’s delegated token', async () => {
    const channel = uc.driver.newChannel();
    const signedIn = await followSignIn(
      await loginLink(uc.driver, USERS.responder, channel),
      'alex.analyst@contoso.com',
    );
    expect(signedIn.status).toBe(200);
    expect(signedIn.text).toContain('You are signed in as alex.analyst@contoso.com');
    expect(signedIn.text).not.toContain('eyJ');

    const whoami = await uc.driver.command('whoami', USERS.responder, channel);
    expect(whoami.body).toContain('signed in as alex.analyst@contoso.com');
    expect(whoami.body).toContain('token context: user');

    const machine = sim.mde.listMachines()[0]!;
    sim.clearCalls();
    await uc.driver.command(`machine ${machine.computerDnsName}`, USERS.responder, channel);
    await uc.driver.posted(channel, new RegExp(machine.computerDnsName.split('.')[0]!));
    const calls = sim.calls();
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls)
      expect(call).toMatchObject({ tokenKind: 'user', upn: 'alex.analyst@contoso.com' });

    // Reusing the callback (same state, same code) is refused.
    expect((await fetch(signedIn.callback, { redirect: 'manual' })).status).toBe(400);

    // logout forgets the tokens; whoami says so and the next read uses the app again.
    const logout = await uc.driver.command('logout', USERS.responder, channel);
    expect(logout.body).toContain('Signed out');
    expect((await uc.driver.command('whoami', USERS.responder, channel)).body).toContain(
      'token context: application',
    );
  });

  it('runs an approved isolation as the approver: a signed-in approver without “Active remediation actions” gets MDE’s 403 on the card', async () => {
    const channel = uc.driver.newChannel();
    expect(
      (await followSignIn(await loginLink(uc.driver, USERS.approver, channel), 'val.viewer@contoso.com'))
        .status,
    ).toBe(200);
    const target = sim.mde.listMachines()[1]!;
    await uc.driver.command(`isolate ${target.computerDnsName} full beacon seen`, USERS.responder, channel);
    const card = await uc.driver.posted(channel, /Approve/);
    const approve = buttons(card).find((b) => b.action_id.startsWith('approval.approve'))!;
    sim.clearCalls();
    expect(await uc.driver.click(approve, USERS.approver, channel, tsOf(card))).toBe(200);
    const failed = await uc.driver.updated(channel, tsOf(card), /Failed/);
    expect(content(failed)).toMatch(/your account lacks the MDE permission/);
    expect(content(failed)).toMatch(/user/i);
    const isolate = sim.calls().filter((c) => c.path === `/api/machines/${target.id}/isolate`);
    expect(isolate).toHaveLength(1);
    expect(isolate[0]).toMatchObject({ status: 403, tokenKind: 'user', upn: 'val.viewer@contoso.com' });
    const audit = await uc.bot.redis.xrevrange(`${uc.bot.prefix}:audit`, '+', '-', 'COUNT', 20);
    const outcome = audit
      .map(([, fields]) => JSON.parse(fields[1]!) as Record<string, unknown>)
      .find((e) => e.type === 'mde-outcome' && e.machineId === target.id);
    expect(outcome).toMatchObject({
      tokenContext: 'user',
      outcome: 'Failed: FORBIDDEN',
      actorId: USERS.approver,
    });
  });

  it('refuses unknown, expired and CSRF-style states with 4xx', async () => {
    const channel = uc.driver.newChannel();
    const base = uc.bot.url;
    expect(
      (
        await fetch(`${base}/auth/start?state=${randomBytes(32).toString('base64url')}`, {
          redirect: 'manual',
        })
      ).status,
    ).toBe(400);
    expect((await fetch(`${base}/auth/start`, { redirect: 'manual' })).status).toBe(400);
    expect(
      (
        await fetch(`${base}/auth/callback?code=abc&state=${randomBytes(32).toString('base64url')}`, {
          redirect: 'manual',
        })
      ).status,
    ).toBe(400);
    expect((await fetch(`${base}/auth/callback?error=access_denied`, { redirect: 'manual' })).status).toBe(
      400,
    );

    const link = await loginLink(uc.driver, USERS.responder, channel);
    now += 11 * 60_000;
    expect((await fetch(link, { redirect: 'manual' })).status).toBe(400);
  });

  it('refuses a sign-in whose UPN is not the Slack profile email, audits it and stores nothing', async () => {
    const channel = uc.driver.newChannel();
    const result = await followSignIn(
      await loginLink(uc.driver, USERS.viewer, channel),
      'alex.analyst@contoso.com',
    );
    expect(result.status).toBe(403);
    expect(result.text).not.toContain('eyJ');
    const store = createUserTokenStore({ redis: uc.bot.redis, prefix: uc.bot.prefix, key: uc.key });
    expect(await uc.bot.redis.exists(store.keyFor({ platform: 'slack', id: USERS.viewer }))).toBe(0);
    const audit = await uc.bot.redis.xrevrange(`${uc.bot.prefix}:audit`, '+', '-', 'COUNT', 20);
    const events = audit.map(([, fields]) => JSON.parse(fields[1]!) as Record<string, unknown>);
    expect(events.find((e) => e.type === 'signin' && e.actorId === USERS.viewer)).toMatchObject({
      outcome: 'identity-mismatch',
    });
  });

  it('keeps tokens encrypted at rest and out of the logs', async () => {
    const channel = uc.driver.newChannel();
    expect(
      (await followSignIn(await loginLink(uc.driver, USERS.responder, channel), 'alex.analyst@contoso.com'))
        .status,
    ).toBe(200);
    const store = createUserTokenStore({ redis: uc.bot.redis, prefix: uc.bot.prefix, key: uc.key });
    const redisKey = store.keyFor({ platform: 'slack', id: USERS.responder });
    const raw = (await uc.bot.redis.get(redisKey))!;
    type Secrets = Record<string, { secret: string }>;
    const cache = JSON.parse((await store.read({ platform: 'slack', id: USERS.responder }))!) as {
      AccessToken: Secrets;
      IdToken: Secrets;
      RefreshToken: Secrets;
    };
    const refresh = Object.values(cache.RefreshToken)[0]!.secret;
    expect(refresh.length).toBeGreaterThan(10);
    const jwts = [...Object.values(cache.AccessToken), ...Object.values(cache.IdToken)].map(
      (entry) => entry.secret,
    );
    expect(jwts.length).toBeGreaterThan(0);
    for (const jwt of jwts) expect(jwt.startsWith('eyJ')).toBe(true);
    const keys = await uc.bot.redis.keys(`${uc.bot.prefix}:usertokens:*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      const blob = (await uc.bot.redis.get(key))!;
      // Not "no eyJ anywhere": random ciphertext of this length contains those three letters by chance
      // in about one run in thirty. None of the tokens, nor any of their dot-separated parts, may show.
      for (const secret of [refresh, ...jwts]) {
        expect(blob).not.toContain(secret);
        for (const part of secret.split('.').filter((p) => p.length >= 16)) expect(blob).not.toContain(part);
      }
      expect(blob).not.toContain('AccessToken');
    }
    expect(createSealedBox(randomBytes(32)).open(raw, redisKey)).toBeUndefined();
    const logs = uc.bot.logs();
    expect(logs).not.toContain(refresh);
    expect(logs).not.toMatch(/eyJ[A-Za-z0-9_-]{8,}\./);
  });
});
