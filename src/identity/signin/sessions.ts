// What the rest of the bot asks about a chat user's sign-in: are they signed in (as whom), sign them
// out, and a token source for their delegated calls.
import type { AzureConfig } from '../../config/types.js';
import type { Logger } from '../../core/logger.js';
import type { AccessTokenSource } from '../../core/tokens.js';
import type { TokenOwner, UserTokenStore } from '../token-store/index.js';
import { UserTokenSource } from './user-tokens.js';

/** `objectId`: the Entra object id of the account this chat user bound with `login`. */
export type SignInStatus = { signedIn: false } | { signedIn: true; username: string; objectId: string };

export interface UserSessions {
  status(owner: TokenOwner): Promise<SignInStatus>;
  signOut(owner: TokenOwner): Promise<boolean>;
  tokenSource(owner: TokenOwner): AccessTokenSource;
}

export interface UserSessionsOptions {
  azure: AzureConfig;
  logger: Logger;
  store: UserTokenStore;
  defenderScope: string;
  onAcquire?: (event: { fromCache: boolean }) => void;
}

export function createUserSessions(options: UserSessionsOptions): UserSessions {
  const { store } = options;
  return {
    async status(owner) {
      const account = await store.account(owner);
      return account
        ? { signedIn: true, username: account.username, objectId: account.localAccountId }
        : { signedIn: false };
    },
    signOut: (owner) => store.remove(owner),
    tokenSource: (owner) =>
      new UserTokenSource({
        azure: options.azure,
        logger: options.logger,
        store,
        owner: { platform: owner.platform, id: owner.id },
        defenderScope: options.defenderScope,
        ...(options.onAcquire ? { onAcquire: options.onAcquire } : {}),
      }),
  };
}
