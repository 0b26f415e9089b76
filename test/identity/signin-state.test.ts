// Pending sign-in states: random, bound to the chat user, single use, refused after 10 minutes by
// the injected clock; and the token-context policy.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseContext } from '../../src/authz/index.js';
import { challengeOf, createPkcePair, createSignInStateStore } from '../../src/identity/index.js';

let redis: Redis;
const prefix = `test-${randomUUID()}`;
let now = Date.now();
const user = { platform: 'teams' as const, id: '29:abc', tenantId: 'tid', aadObjectId: 'oid-1' };

beforeAll(() => {
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

describe('sign-in state store', () => {
  it('issues 256-bit states that carry the user and verifier and are consumed once', async () => {
    const states = createSignInStateStore({ redis, prefix, clock: { now: () => now } });
    const { verifier } = createPkcePair();
    const a = await states.create(user, verifier);
    const b = await states.create(user, verifier);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(await states.peek(a)).toMatchObject({ user, codeVerifier: verifier });
    expect(await states.consume(a)).toMatchObject({ user, codeVerifier: verifier });
    expect(await states.consume(a)).toBeUndefined();
    expect(await states.peek(a)).toBeUndefined();
    expect(await states.consume('not-a-state')).toBeUndefined();
    expect(await states.consume('A'.repeat(43))).toBeUndefined();
  });

  it('refuses a state older than 10 minutes', async () => {
    const states = createSignInStateStore({ redis, prefix, clock: { now: () => now } });
    const state = await states.create(user, createPkcePair().verifier);
    now += 9 * 60_000;
    expect(await states.peek(state)).toBeDefined();
    now += 61_000;
    expect(await states.peek(state)).toBeUndefined();
    expect(await states.consume(state)).toBeUndefined();
  });

  it('makes S256 PKCE pairs', () => {
    const pair = createPkcePair();
    expect(pair.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pair.challenge).toBe(challengeOf(pair.verifier));
    expect(pair.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('chooseContext', () => {
  it('follows the userContext mode and never falls back to app under required', () => {
    expect(chooseContext('optional', true)).toEqual({ kind: 'user' });
    expect(chooseContext('optional', false)).toEqual({ kind: 'app' });
    expect(chooseContext('required', true)).toEqual({ kind: 'user' });
    expect(chooseContext('required', false)).toEqual({
      kind: 'refuse',
      reason: 'Sign in first: /defender login',
    });
    expect(chooseContext('required', false, 'teams')).toEqual({
      kind: 'refuse',
      reason: 'Sign in first: login',
    });
    expect(chooseContext('off', true)).toEqual({ kind: 'app' });
    expect(chooseContext('off', false)).toEqual({ kind: 'app' });
  });
});
