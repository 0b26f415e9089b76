// `logout` cannot be undone by a job that was refreshing the user's token at the time: real msal-node
// with the real cache plugin and token store on real Redis, against the simulator's Entra ID. The
// sign-out (or a new sign-in) lands between MSAL reading the cache and writing the refreshed one back.
import { randomBytes, randomUUID } from 'node:crypto';
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
const prefix = `test-${randomUUID()}`;
const key = randomBytes(32);
const logger = createLogger({ level: 'silent' });
const UPN = 'alex.analyst@contoso.com';
let sim: Simulator;
let redis: Redis;

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

type Moment = 'after-first-read' | 'before-write-back';

/**
 * The Redis the jobs' token store uses: the real one, with `interfere` run once at `moment`: right
 * after MSAL's first read of the user's tokens answered (MSAL then holds them in memory and goes to
 * Entra), or just before the refreshed cache is written back. Counts the write-backs attempted.
 */
function hookedRedis(moment: Moment, interfere: () => Promise<void>) {
  let fired = false;
  const once = async () => {
    if (fired) return;
    fired = true;
    await interfere();
  };
  const seen = { writeBacks: 0 };
  const proxy = new Proxy(redis, {
    get(target, prop) {
      if (prop === 'get') {
        return async (name: string) => {
          const value = await target.get(name);
          if (moment === 'after-first-read' && name.includes(':usertokens:')) await once();
          return value;
        };
      }
      if (prop === 'eval') {
        return async (...args: Parameters<Redis['eval']>) => {
          seen.writeBacks++;
          if (moment === 'before-write-back') await once();
          return target.eval(...args);
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { redis: proxy, seen };
}

/** The sign-in side (callback, logout) on the plain connection. */
function signInSide() {
  const tokens = createUserTokenStore({ redis, prefix, key });
  const flow = createSignInFlow({
    azure: simAzureConfig(sim),
    logger,
    publicUrl: PUBLIC_URL,
    defenderScope: SCOPE,
    states: createSignInStateStore({ redis, prefix }),
    tokens,
    emailOf: () => Promise.resolve(UPN),
  });
  const sessions = createUserSessions({
    azure: simAzureConfig(sim),
    logger,
    store: tokens,
    defenderScope: SCOPE,
  });
  return { tokens, flow, sessions };
}

/** A job's view: token sources over a store on `jobRedis`. */
function jobSessions(jobRedis: Redis) {
  const store = createUserTokenStore({ redis: jobRedis, prefix, key });
  return createUserSessions({ azure: simAzureConfig(sim), logger, store, defenderScope: SCOPE });
}

async function signIn(flow: ReturnType<typeof signInSide>['flow'], user: SignInUser): Promise<void> {
  const link = new URL(await flow.begin(user));
  const state = link.searchParams.get('state')!;
  const authorize = new URL((await flow.authorizeUrl(state, UPN))!);
  const response = await fetch(authorize, { redirect: 'manual' });
  const callback = new URL(response.headers.get('location')!);
  const outcome = await flow.complete({ state, code: callback.searchParams.get('code') ?? undefined });
  expect(outcome).toMatchObject({ ok: true });
}

const slackUser = (): SignInUser => ({
  platform: 'slack',
  id: `U0${randomUUID().slice(0, 8)}`,
  tenantId: 'T1',
  aadObjectId: undefined,
});

describe('token refresh write-back against logout', () => {
  it('a normal refresh still writes the renewed cache back into the same sign-in', async () => {
    const { flow, tokens, sessions } = signInSide();
    const user = slackUser();
    await signIn(flow, user);
    const before = (await tokens.readSession(user))!;
    const hooked = hookedRedis('before-write-back', () => Promise.resolve());

    sim.clearTokenRequests();
    const renewed = await jobSessions(hooked.redis).tokenSource(user).getToken({ forceRefresh: true });
    expect(sim.tokenRequests().map((r) => r.grantType)).toEqual(['refresh_token']);
    expect(hooked.seen.writeBacks).toBe(1);

    const after = (await tokens.readSession(user))!;
    expect(after.session).toBe(before.session);
    expect(after.cache).not.toBe(before.cache);
    // The next job is served the renewed token from Redis, without asking Entra again.
    expect(await sessions.tokenSource(user).getToken()).toBe(renewed);
    expect(sim.tokenRequests()).toHaveLength(1);
  });

  for (const moment of ['before-write-back', 'after-first-read'] as const) {
    it(`logout ${moment === 'before-write-back' ? 'just before the write-back' : 'right after the job read the cache'}: the user stays signed out`, async () => {
      const { flow, tokens, sessions } = signInSide();
      const user = slackUser();
      await signIn(flow, user);
      const hooked = hookedRedis(moment, async () => {
        expect(await sessions.signOut(user)).toBe(true);
      });

      // The in-flight job may finish with the token it was getting, or be told to sign in again;
      // either way it cannot sign the user back in.
      await jobSessions(hooked.redis)
        .tokenSource(user)
        .getToken({ forceRefresh: true })
        .catch((error: unknown) => {
          expect(error).toMatchObject({ code: 'UNAUTHORIZED' });
        });
      if (moment === 'before-write-back') expect(hooked.seen.writeBacks).toBe(1);

      expect(await redis.exists(tokens.keyFor(user))).toBe(0);
      expect(await sessions.status(user)).toEqual({ signedIn: false });
      await expect(sessions.tokenSource(user).getToken()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    });

    it(`logout and a new sign-in ${moment === 'before-write-back' ? 'just before the write-back' : 'right after the job read the cache'}: the new sign-in stays exactly as stored`, async () => {
      const { flow, tokens, sessions } = signInSide();
      const user = slackUser();
      await signIn(flow, user);
      const first = (await tokens.readSession(user))!;
      let stored: string | null = null;
      const hooked = hookedRedis(moment, async () => {
        await sessions.signOut(user);
        await signIn(flow, user);
        stored = await redis.get(tokens.keyFor(user));
      });

      await jobSessions(hooked.redis).tokenSource(user).getToken({ forceRefresh: true });
      if (moment === 'before-write-back') expect(hooked.seen.writeBacks).toBe(1);
      expect(stored).not.toBeNull();
      expect(await redis.get(tokens.keyFor(user))).toBe(stored);
      expect((await tokens.readSession(user))!.session).not.toBe(first.session);
      expect(await sessions.status(user)).toMatchObject({ signedIn: true, username: UPN });
    });
  }
});
