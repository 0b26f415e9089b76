// Each chat user's MSAL token cache in Redis, sealed with TOKEN_ENCRYPTION_KEY and partitioned per
// chat user. A blob that does not open (tampered, other key) counts as signed out.
import { createHash } from 'node:crypto';
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

export interface UserTokenStore {
  keyFor(owner: TokenOwner): string;
  /** The serialized MSAL cache, or undefined when none is stored or it does not open. */
  read(owner: TokenOwner): Promise<string | undefined>;
  write(owner: TokenOwner, serializedCache: string): Promise<void>;
  remove(owner: TokenOwner): Promise<boolean>;
  account(owner: TokenOwner): Promise<StoredAccount | undefined>;
}

export interface UserTokenStoreOptions {
  redis: Pick<Redis, 'get' | 'set' | 'del'>;
  prefix: string;
  key: Buffer;
  ttlSeconds?: number;
}

const SerializedAccounts = z.object({
  Account: z
    .record(z.string(), z.object({ username: z.string(), local_account_id: z.string(), realm: z.string() }).loose())
    .optional(),
});

export function createUserTokenStore(options: UserTokenStoreOptions): UserTokenStore {
  const box = createSealedBox(options.key);
  const ttl = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  const keyFor = (owner: TokenOwner) =>
    `${options.prefix}:usertokens:${owner.platform}:${createHash('sha256').update(owner.id, 'utf8').digest('hex')}`;

  const read = async (owner: TokenOwner) => {
    const key = keyFor(owner);
    const blob = await options.redis.get(key);
    return blob ? box.open(blob, key) : undefined;
  };

  return {
    keyFor,
    read,
    async write(owner, serializedCache) {
      const key = keyFor(owner);
      await options.redis.set(key, box.seal(serializedCache, key), 'EX', ttl);
    },
    async remove(owner) {
      return (await options.redis.del(keyFor(owner))) > 0;
    },
    async account(owner) {
      const cache = await read(owner);
      if (!cache) return undefined;
      const parsed = SerializedAccounts.safeParse(safeJson(cache));
      const first = parsed.success ? Object.values(parsed.data.Account ?? {})[0] : undefined;
      return first ? { username: first.username, localAccountId: first.local_account_id, tenantId: first.realm } : undefined;
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
