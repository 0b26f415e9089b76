// What the rest of the bot asks about a chat user's sign-in: are they signed in (as whom), sign them
// out, and a token source for their delegated calls.
import type { AzureConfig } from '../../config/types.js';
import type { Logger } from '../../core/logger.js';
import type { AccessTokenSource } from '../../core/tokens.js';
import type { TokenOwner, UserTokenStore } from '../token-store/index.js';
import { graphHuntingScopes } from './scopes.js';
import { UserTokenSource } from './user-tokens.js';

/** `objectId`: the Entra object id of the account this chat user bound with `login`. */
export type SignInStatus = { signedIn: false } | { signedIn: true; username: string; objectId: string };

export interface UserSessions {
  status(owner: TokenOwner): Promise<SignInStatus>;
  signOut(owner: TokenOwner): Promise<boolean>;
  tokenSource(owner: TokenOwner): AccessTokenSource;
  /** The same user's delegated Microsoft Graph token (hunting); only when the sign-in asked for it. */
  graphTokenSource?(owner: TokenOwner): AccessTokenSource;
}

export interface UserSessionsOptions {
  azure: AzureConfig;
  logger: Logger;
  store: UserTokenStore;
  defenderScope: string;
  /** GRAPH_SCOPE when hunting is on: the sign-in also consents to Graph's delegated hunting scope. */
  graphScope?: string | undefined;
  onAcquire?: (event: { fromCache: boolean }) => void;
}

export function createUserSessions(options: UserSessionsOptions): UserSessions {
  const { store, graphScope } = options;
  const source = (owner: TokenOwner, scopes?: readonly string[]) =>
    new UserTokenSource({
      azure: options.azure,
      logger: options.logger,
      store,
      owner: { platform: owner.platform, id: owner.id },
      defenderScope: options.defenderScope,
      ...(scopes ? { scopes } : {}),
      ...(options.onAcquire ? { onAcquire: options.onAcquire } : {}),
    });
  return {
    async status(owner) {
      const account = await store.account(owner);
      return account
        ? { signedIn: true, username: account.username, objectId: account.localAccountId }
        : { signedIn: false };
    },
    signOut: (owner) => store.remove(owner),
    tokenSource: (owner) => source(owner),
    ...(graphScope
      ? { graphTokenSource: (owner: TokenOwner) => source(owner, graphHuntingScopes(graphScope)) }
      : {}),
  };
}
