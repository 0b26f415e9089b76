// msal-node's distributed cache plugin, bound to one chat user's partition of the encrypted store:
// MSAL reads the user's cache before each access and writes it back when a refresh changed it.
import { DistributedCachePlugin, type ICacheClient, type IPartitionManager } from '@azure/msal-node';
import type { TokenOwner, UserTokenStore } from './store.js';

export function userCachePlugin(store: UserTokenStore, owner: TokenOwner): DistributedCachePlugin {
  const key = store.keyFor(owner);
  const client: ICacheClient = {
    get: async () => (await store.read(owner)) ?? '',
    set: async (_key, value) => {
      await store.write(owner, value);
      return 'OK';
    },
  };
  // Every account this client sees belongs to the one chat user, so both keys are that user's.
  const partitions: IPartitionManager = {
    getKey: () => Promise.resolve(key),
    extractKey: () => Promise.resolve(key),
  };
  return new DistributedCachePlugin(client, partitions);
}
