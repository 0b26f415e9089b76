// Each chat user's MSAL token cache in Redis, sealed with TOKEN_ENCRYPTION_KEY and partitioned per
// chat user. A blob that does not open (tampered, other key) counts as signed out.
//
// Each sign-in starts a session (a random id stored in front of the sealed blob). MSAL's write-back
// after a token refresh only replaces the cache of the session it read, so a job that read the cache
// before `logout` (or before a new sign-in) cannot bring the old tokens back when it finishes.
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { ChatUser } from '../../core/interaction.js';
import { createSealedBox } from './sealed-box.js';

/** Refresh tokens live up to 90 days; an idle user's cache goes with them. */
const DEFAULT_TTL_SECONDS = 90 * 24 * 3600;

export type TokenOwner = Pick<ChatUser, 'platform' | 'id'>;

/** The signed-in Entra account, as MSAL's serialized cache holds it. */
export interface StoredAccount {
  username: string;
  localAccountId: string;
  tenantId: string;
}

/** A user's cache together with the sign-in session it belongs to. */
export interface SessionCache {
  cache: string;
  session: string;
}

export interface UserTokenStore {
  keyFor(owner: TokenOwner): string;
  /** The serialized MSAL cache, or undefined when none is stored or it does not open. */
  read(owner: TokenOwner): Promise<string | undefined>;
  /** The cache and its session, for a write-back later (`writeBack`). */
  readSession(owner: TokenOwner): Promise<SessionCache | undefined>;
  /** A sign-in: stores the cache as a new session, replacing whatever the user had. */
  write(owner: TokenOwner, serializedCache: string): Promise<void>;
  /**
   * A refresh: replaces the cache only while `session` is still the user's session (not signed out,
   * not signed in again since it was read). False when nothing was written.
   */
  writeBack(owner: TokenOwner, serializedCache: string, session: string): Promise<boolean>;
  remove(owner: TokenOwner): Promise<boolean>;
  account(owner: TokenOwner): Promise<StoredAccount | undefined>;
}

export interface UserTokenStoreOptions {
  redis: Pick<Redis, 'get' | 'set' | 'del' | 'eval'>;
  prefix: string;
  key: Buffer;
  ttlSeconds?: number;
}

const SerializedAccounts = z.object({
  Account: z
    .record(
      z.string(),
      z.object({ username: z.string(), local_account_id: z.string(), realm: z.string() }).loose(),
    )
    .optional(),
});

/** Stored form: `s1:<session>:<sealed blob>`; a bare sealed blob (written before sessions) is session ''. */
const SESSION_FORMAT = /^s1:([A-Za-z0-9_-]*):(.*)$/s;

/** Replaces the value only if it exists and belongs to the session given (Lua: one atomic step). */
const WRITE_BACK = `
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
local session = string.match(current, '^s1:([A-Za-z0-9_-]*):') or ''
if session ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
return 1
`;

export function createUserTokenStore(options: UserTokenStoreOptions): UserTokenStore {
  const box = createSealedBox(options.key);
  const ttl = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  const keyFor = (owner: TokenOwner) =>
    `${options.prefix}:usertokens:${owner.platform}:${createHash('sha256').update(owner.id, 'utf8').digest('hex')}`;
  const stored = (key: string, session: string, cache: string) => `s1:${session}:${box.seal(cache, key)}`;

  const readSession = async (owner: TokenOwner): Promise<SessionCache | undefined> => {
    const key = keyFor(owner);
    const value = await options.redis.get(key);
    if (!value) return undefined;
    const parts = SESSION_FORMAT.exec(value);
    const cache = box.open(parts ? (parts[2] ?? '') : value, key);
    return cache === undefined ? undefined : { cache, session: parts ? (parts[1] ?? '') : '' };
  };
  const read = async (owner: TokenOwner) => (await readSession(owner))?.cache;

  return {
    keyFor,
    read,
    readSession,
    async write(owner, serializedCache) {
      const key = keyFor(owner);
      await options.redis.set(
        key,
        stored(key, randomBytes(16).toString('base64url'), serializedCache),
        'EX',
        ttl,
      );
    },
    async writeBack(owner, serializedCache, session) {
      const key = keyFor(owner);
      const written = await options.redis.eval(
        WRITE_BACK,
        1,
        key,
        session,
        stored(key, session, serializedCache),
        ttl,
      );
      return written === 1;
    },
    async remove(owner) {
      return (await options.redis.del(keyFor(owner))) > 0;
    },
    async account(owner) {
      const cache = await read(owner);
      if (!cache) return undefined;
      const parsed = SerializedAccounts.safeParse(safeJson(cache));
      const first = parsed.success ? Object.values(parsed.data.Account ?? {})[0] : undefined;
      return first
        ? { username: first.username, localAccountId: first.local_account_id, tenantId: first.realm }
        : undefined;
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
