// Signed-in users' MSAL token caches, encrypted at rest in Redis and partitioned per chat user.
export { createSealedBox } from './sealed-box.js';
export type { SealedBox } from './sealed-box.js';
export { createUserTokenStore } from './store.js';
export type {
  SessionCache,
  StoredAccount,
  TokenOwner,
  UserTokenStore,
  UserTokenStoreOptions,
} from './store.js';
export { userCachePlugin } from './cache-plugin.js';
