// msal-node's distributed cache plugin, bound to one chat user's partition of the encrypted store:
// MSAL reads the user's cache before each access and writes it back when a refresh changed it.
//
// The plugin belongs to one token source (one job) and to the sign-in session it first read. It only
// ever writes back into that session: after `logout` (the key is gone) or a new sign-in (another
// session) the refreshed tokens of an in-flight job are dropped instead of resurrecting the old
// sign-in. It never creates the key; only a sign-in does. Reads always give the user's current
// cache, so an in-flight job after a new sign-in uses it (and finds nothing after a logout).
import { DistributedCachePlugin, type ICacheClient, type IPartitionManager } from '@azure/msal-node';
import type { TokenOwner, UserTokenStore } from './store.js';

export function userCachePlugin(store: UserTokenStore, owner: TokenOwner): DistributedCachePlugin {
  const key = store.keyFor(owner);
  /** The session this plugin read first; undefined until then, null when there was none. */
  let pinned: string | null | undefined;
  const client: ICacheClient = {
    get: async () => {
      const current = await store.readSession(owner);
      pinned ??= current?.session ?? null;
      return current?.cache ?? '';
    },
    set: async (_key, value) => {
      const written =
        pinned !== undefined && pinned !== null && (await store.writeBack(owner, value, pinned));
      return written ? 'OK' : 'SKIPPED';
    },
  };
  // Every account this client sees belongs to the one chat user, so both keys are that user's.
  const partitions: IPartitionManager = {
    getKey: () => Promise.resolve(key),
    extractKey: () => Promise.resolve(key),
  };
  return new DistributedCachePlugin(client, partitions);
}
