// User sign-in for user context: auth code + PKCE, identity binding, and delegated token sources.
export { checkBinding } from './binding.js';
export type { BindingResult, ChatEmailLookup, SignedInAccount } from './binding.js';
export { createSignInFlow } from './flow.js';
export { createIdentityCheck } from './prove.js';
export type { IdentityCheck, IdentityProof } from './prove.js';
export type { CallbackQuery, SignInFlow, SignInFlowOptions, SignInOutcome } from './flow.js';
export { challengeOf, createPkcePair } from './pkce.js';
export type { PkcePair } from './pkce.js';
export {
  GRAPH_HUNTING_PERMISSION,
  MDE_DELEGATED_PERMISSIONS,
  delegatedScopes,
  graphHuntingScopes,
  signInScopes,
} from './scopes.js';
export { SIGNIN_STATE_TTL_MS, createSignInStateStore } from './state-store.js';
export type { PendingSignIn, SignInStateStore, SignInStateStoreOptions, SignInUser } from './state-store.js';
export { createUserSessions } from './sessions.js';
export type { SignInStatus, UserSessions, UserSessionsOptions } from './sessions.js';
export { UserTokenSource } from './user-tokens.js';
export type { UserTokenSourceOptions } from './user-tokens.js';
