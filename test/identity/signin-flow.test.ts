// The sign-in round trip against the simulator's /authorize and token endpoints: PKCE S256, the
// identity binding, tokens stored only after it, and delegated tokens renewed from the stored cache.
import { randomBytes, randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import {
  createSignInFlow,
  createSignInStateStore,
  createUserSessions,
  createUserTokenStore,
  type SignInUser,
} from '../../src/identity/index.js';
import type { Simulator } from '../../src/sim/index.js';
import { simAzureConfig } from '../helpers/defender.js';
import { startTestSimulator } from '../helpers/sim.js';

const SCOPE = 'https://api.securitycenter.microsoft.com/.default';
const PUBLIC_URL = 'http://127.0.0.1:9/';
let sim: Simulator;
let redis: Redis;
const prefix = `test-${randomUUID()}`;
const logger = createLogger({ level: 'silent' });
const emails = new Map<string, string>();

beforeAll(async () => {
  sim = await startTestSimulator();
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await sim.close();
});

function setup() {
  const tokens = createUserTokenStore({ redis, prefix, key: randomBytes(32) });
  const flow = createSignInFlow({
    azure: simAzureConfig(sim),
    logger,
    publicUrl: PUBLIC_URL,
    defenderScope: SCOPE,
    states: createSignInStateStore({ redis, prefix }),
    tokens,
    emailOf: (user) => Promise.resolve(emails.get(user.id)),
  });
  const sessions = createUserSessions({
    azure: simAzureConfig(sim),
    logger,
    store: tokens,
    defenderScope: SCOPE,
  });
  return { tokens, flow, sessions };
}

/** Follows the link like a browser would, one redirect at a time; returns the callback's query. */
async function signInAt(flow: ReturnType<typeof setup>['flow'], user: SignInUser, loginHint: string) {
  const link = new URL(await flow.begin(user));
  expect(link.origin + link.pathname).toBe('http://127.0.0.1:9/auth/start');
  const state = link.searchParams.get('state')!;
  const authorize = new URL((await flow.authorizeUrl(state, loginHint))!);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize.searchParams.get('redirect_uri')).toBe('http://127.0.0.1:9/auth/callback');
  expect(authorize.searchParams.get('scope')).toContain(
    'https://api.securitycenter.microsoft.com/Machine.Isolate',
  );
  expect(authorize.searchParams.get('scope')).toContain('offline_access');
  expect(authorize.searchParams.get('state')).toBe(state);
  const response = await fetch(authorize, { redirect: 'manual' });
  expect(response.status).toBe(302);
  const callback = new URL(response.headers.get('location')!);
  expect(callback.searchParams.get('state')).toBe(state);
  return {
    state,
    code: callback.searchParams.get('code') ?? undefined,
    error: callback.searchParams.get('error') ?? undefined,
  };
}

describe('sign-in flow', () => {
  it('signs a Slack user in when the UPN matches the profile email, then serves delegated tokens from the stored cache', async () => {
    const { flow, sessions } = setup();
    const user: SignInUser = { platform: 'slack', id: 'U0FLOW1', tenantId: 'T1', aadObjectId: undefined };
    emails.set(user.id, 'Alex.Analyst@Contoso.com');
    const outcome = await flow.complete(await signInAt(flow, user, 'alex.analyst@contoso.com'));
    expect(outcome).toMatchObject({ ok: true, username: 'alex.analyst@contoso.com' });
    expect(await sessions.status(user)).toEqual({
      signedIn: true,
      username: 'alex.analyst@contoso.com',
      objectId: '0c3e5a7b-1d2f-4e6a-8b9c-2f4e6a8b0c1d',
    });

    sim.clearTokenRequests();
    const token = await sessions.tokenSource(user).getToken();
    const claims = decodeJwt(token);
    expect(claims.upn).toBe('alex.analyst@contoso.com');
    expect(String(claims.scp)).toContain('Machine.Isolate');
    expect(sim.tokenRequests()).toHaveLength(0);

    // A forced refresh goes to Entra with the refresh token, and the renewed cache is stored again.
    const renewed = await sessions.tokenSource(user).getToken({ forceRefresh: true });
    expect(renewed).not.toBe(token);
    expect(sim.tokenRequests().map((r) => r.grantType)).toEqual(['refresh_token']);
    expect(await sessions.tokenSource(user).getToken()).toBe(renewed);
  });

  it('refuses a Slack sign-in whose UPN differs from the profile email and stores nothing', async () => {
    const { flow, sessions, tokens } = setup();
    const user: SignInUser = { platform: 'slack', id: 'U0FLOW2', tenantId: 'T1', aadObjectId: undefined };
    emails.set(user.id, 'someone.else@contoso.com');
    const outcome = await flow.complete(await signInAt(flow, user, 'alex.analyst@contoso.com'));
    expect(outcome).toMatchObject({ ok: false, status: 403, outcome: 'identity-mismatch' });
    expect(await redis.exists(tokens.keyFor(user))).toBe(0);
    expect(await sessions.status(user)).toEqual({ signedIn: false });
  });

  it('binds a Teams user by object id', async () => {
    const { flow } = setup();
    const alex = [...sim.users.values()].find((u) => u.upn === 'alex.analyst@contoso.com')!;
    const right: SignInUser = {
      platform: 'teams',
      id: '29:right',
      tenantId: sim.tenantId,
      aadObjectId: alex.oid,
    };
    const wrong: SignInUser = {
      platform: 'teams',
      id: '29:wrong',
      tenantId: sim.tenantId,
      aadObjectId: randomUUID(),
    };
    expect(await flow.complete(await signInAt(flow, right, alex.upn))).toMatchObject({ ok: true });
    expect(await flow.complete(await signInAt(flow, wrong, alex.upn))).toMatchObject({
      ok: false,
      status: 403,
    });
  });

  it('refuses a reused state, an unknown state, an Entra error and a missing code', async () => {
    const { flow } = setup();
    const user: SignInUser = { platform: 'slack', id: 'U0FLOW3', tenantId: 'T1', aadObjectId: undefined };
    emails.set(user.id, 'val.viewer@contoso.com');
    const query = await signInAt(flow, user, 'val.viewer@contoso.com');
    expect(await flow.complete(query)).toMatchObject({ ok: true });
    expect(await flow.complete(query)).toMatchObject({ ok: false, status: 400, outcome: 'unknown-state' });
    expect(await flow.authorizeUrl(query.state)).toBeUndefined();
    expect(await flow.complete({ state: randomBytes(32).toString('base64url'), code: 'x' })).toMatchObject({
      status: 400,
      outcome: 'unknown-state',
    });
    const denied = await signInAt(flow, user, 'val.viewer@contoso.com');
    expect(await flow.complete({ state: denied.state, error: 'access_denied' })).toMatchObject({
      status: 400,
      outcome: 'entra-error',
    });
    const noCode = await signInAt(flow, user, 'val.viewer@contoso.com');
    expect(await flow.complete({ state: noCode.state })).toMatchObject({
      status: 400,
      outcome: 'missing-code',
    });
  });

  it('tells a user whose refresh token died to sign in again, and forgets the dead cache', async () => {
    const { flow, sessions } = setup();
    const user: SignInUser = { platform: 'slack', id: 'U0FLOW4', tenantId: 'T1', aadObjectId: undefined };
    emails.set(user.id, 'sam.servers@contoso.com');
    expect(await flow.complete(await signInAt(flow, user, 'sam.servers@contoso.com'))).toMatchObject({
      ok: true,
    });
    sim.reset(); // forgets every refresh token the simulator issued
    await expect(sessions.tokenSource(user).getToken({ forceRefresh: true })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      userMessage: expect.stringContaining('/defender login') as unknown,
    });
    expect(await sessions.status(user)).toEqual({ signedIn: false });
    await expect(sessions.tokenSource(user).getToken()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
