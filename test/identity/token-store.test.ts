// The encrypted per-user token store: AES-256-GCM blobs bound to their key, tampering and wrong keys
// read as signed out, and the account read back from MSAL's serialized cache.
import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSealedBox, createUserTokenStore } from '../../src/identity/index.js';

let redis: Redis;
const prefix = `test-${randomUUID()}`;
const key = randomBytes(32);
const alice = { platform: 'slack' as const, id: 'U0ALICE' };
const cache = JSON.stringify({
  Account: {
    a: {
      username: 'alice@contoso.com',
      local_account_id: 'oid-1',
      realm: 'tid-1',
      home_account_id: 'oid-1.tid-1',
    },
  },
  RefreshToken: { r: { secret: 'refresh-secret-value' } },
});

beforeAll(() => {
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

describe('sealed box', () => {
  it('uses a fresh IV per seal and refuses a flipped bit, another key or another binding', () => {
    const box = createSealedBox(key);
    const one = box.seal('hello', 'k1');
    const two = box.seal('hello', 'k1');
    expect(one).not.toBe(two);
    expect(box.open(one, 'k1')).toBe('hello');
    expect(box.open(one, 'k2')).toBeUndefined();
    expect(createSealedBox(randomBytes(32)).open(one, 'k1')).toBeUndefined();
    const parts = one.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    expect(
      box.open([parts[0], parts[1], parts[2], body.toString('base64url')].join('.'), 'k1'),
    ).toBeUndefined();
    expect(box.open('garbage', 'k1')).toBeUndefined();
    expect(() => createSealedBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('user token store', () => {
  it('stores ciphertext under a hashed per-user key and reads the account back', async () => {
    const store = createUserTokenStore({ redis, prefix, key });
    await store.write(alice, cache);
    const redisKey = store.keyFor(alice);
    expect(redisKey).toMatch(new RegExp(`^${prefix}:usertokens:slack:[0-9a-f]{64}$`));
    expect(redisKey).not.toContain(alice.id);
    const raw = (await redis.get(redisKey))!;
    expect(raw).not.toContain('refresh-secret-value');
    expect(raw).not.toContain('alice@contoso.com');
    expect(await store.read(alice)).toBe(cache);
    expect(await store.account(alice)).toEqual({
      username: 'alice@contoso.com',
      localAccountId: 'oid-1',
      tenantId: 'tid-1',
    });
    expect(await redis.ttl(redisKey)).toBeGreaterThan(0);
  });

  it('treats a tampered blob, a blob moved to another user and a wrong key as signed out', async () => {
    const store = createUserTokenStore({ redis, prefix, key });
    const bob = { platform: 'slack' as const, id: 'U0BOB' };
    await store.write(alice, cache);
    // Copy alice's blob to bob's key: the binding to the key refuses it.
    await redis.set(store.keyFor(bob), (await redis.get(store.keyFor(alice)))!);
    expect(await store.account(bob)).toBeUndefined();
    expect(await createUserTokenStore({ redis, prefix, key: randomBytes(32) }).read(alice)).toBeUndefined();
    const raw = (await redis.get(store.keyFor(alice)))!;
    // Change one character of the ciphertext to a different one, whatever it was.
    const at = raw.length - 2;
    await redis.set(
      store.keyFor(alice),
      `${raw.slice(0, at)}${raw[at] === 'A' ? 'B' : 'A'}${raw.slice(at + 1)}`,
    );
    expect(await store.account(alice)).toBeUndefined();
  });

  it('logout removes the user and only that user', async () => {
    const store = createUserTokenStore({ redis, prefix, key });
    const carol = { platform: 'teams' as const, id: '29:carol' };
    await store.write(alice, cache);
    await store.write(carol, cache);
    expect(await store.remove(alice)).toBe(true);
    expect(await store.read(alice)).toBeUndefined();
    expect(await store.read(carol)).toBe(cache);
    expect(await store.remove(alice)).toBe(false);
  });

  it('writes back only into the sign-in session it read, and never creates a cache', async () => {
    const store = createUserTokenStore({ redis, prefix, key });
    const dave = { platform: 'slack' as const, id: 'U0DAVE' };
    expect(await store.writeBack(dave, cache, 'any')).toBe(false);
    expect(await redis.exists(store.keyFor(dave))).toBe(0);

    await store.write(dave, cache);
    const first = (await store.readSession(dave))!;
    expect(first.cache).toBe(cache);
    expect(first.session).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await store.writeBack(dave, 'renewed', first.session)).toBe(true);
    expect(await store.readSession(dave)).toEqual({ cache: 'renewed', session: first.session });
    expect(await redis.ttl(store.keyFor(dave))).toBeGreaterThan(0);

    // A new sign-in is a new session: the old one can no longer write.
    await store.write(dave, cache);
    const second = (await store.readSession(dave))!;
    expect(second.session).not.toBe(first.session);
    expect(await store.writeBack(dave, 'stale', first.session)).toBe(false);
    expect(await store.read(dave)).toBe(cache);

    // Signed out: nothing to write back into.
    await store.remove(dave);
    expect(await store.writeBack(dave, 'stale', second.session)).toBe(false);
    expect(await redis.exists(store.keyFor(dave))).toBe(0);
  });

  it('reads a cache stored before sessions existed, and refreshes it in place', async () => {
    const store = createUserTokenStore({ redis, prefix, key });
    const erin = { platform: 'teams' as const, id: '29:erin' };
    const redisKey = store.keyFor(erin);
    await redis.set(redisKey, createSealedBox(key).seal(cache, redisKey));
    expect(await store.readSession(erin)).toEqual({ cache, session: '' });
    expect(await store.writeBack(erin, 'renewed', 'other')).toBe(false);
    expect(await store.writeBack(erin, 'renewed', '')).toBe(true);
    expect(await store.readSession(erin)).toEqual({ cache: 'renewed', session: '' });
  });
});
