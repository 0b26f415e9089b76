// Delegated tokens for one signed-in chat user: MSAL reads the user's encrypted cache, answers from
// it or renews quietly with the refresh token, and writes the renewed cache back.
import { InteractionRequiredAuthError, type ConfidentialClientApplication } from '@azure/msal-node';
import type { AzureConfig } from '../../config/types.js';
import { BotError } from '../../core/errors.js';
import { commandPrefix } from '../../core/vocabulary.js';
import type { Logger } from '../../core/logger.js';
import type { AccessTokenSource } from '../../core/tokens.js';
import { buildConfidentialClient } from '../app-tokens.js';
import { userCachePlugin, type TokenOwner, type UserTokenStore } from '../token-store/index.js';
import { delegatedScopes } from './scopes.js';

export interface UserTokenSourceOptions {
  azure: AzureConfig;
  logger: Logger;
  store: UserTokenStore;
  owner: TokenOwner;
  defenderScope: string;
  /**
   * The delegated scopes to ask for; default MDE's. The Graph token for hunting is a second resource
   * from the same cache (the refresh token the sign-in stored is good for every consented resource).
   */
  scopes?: readonly string[];
  /** Told of every token acquisition with whether MSAL answered from its cache. */
  onAcquire?: (event: { fromCache: boolean }) => void;
}

/** Errors after which only a new interactive sign-in helps. */
const SIGN_IN_AGAIN = new Set([
  'invalid_grant',
  'interaction_required',
  'login_required',
  'consent_required',
  'no_tokens_found',
  'refresh_token_expired',
]);

export class UserTokenSource implements AccessTokenSource {
  readonly context = 'user' as const;
  private client: Promise<ConfidentialClientApplication> | undefined;

  constructor(private readonly options: UserTokenSourceOptions) {}

  async getToken(request: { forceRefresh?: boolean } = {}): Promise<string> {
    const { azure, logger, store, owner } = this.options;
    this.client ??= buildConfidentialClient(azure, logger, { cachePlugin: userCachePlugin(store, owner) });
    const client = await this.client;
    const [account] = await client.getTokenCache().getAllAccounts();
    if (!account) throw signInAgain(owner, 'You are not signed in');
    try {
      const result = await client.acquireTokenSilent({
        account,
        scopes: [...(this.options.scopes ?? delegatedScopes(this.options.defenderScope))],
        forceRefresh: request.forceRefresh ?? false,
      });
      if (!result?.accessToken) throw new Error('Entra ID returned no access token');
      this.options.onAcquire?.({ fromCache: result.fromCache });
      return result.accessToken;
    } catch (cause) {
      logger.warn(
        { err: cause, component: 'user-tokens', platform: owner.platform },
        'user token acquisition failed',
      );
      if (!needsNewSignIn(cause)) {
        throw new BotError('TRANSIENT', 'Entra ID could not be reached for your token; the bot will retry.', {
          cause,
        });
      }
      // The stored refresh token is dead: forget it so whoami and the next command say "signed out".
      await store.remove(owner);
      throw signInAgain(owner, 'Your sign-in has expired or was revoked', cause);
    }
  }
}

function needsNewSignIn(error: unknown): boolean {
  if (error instanceof InteractionRequiredAuthError) return true;
  const code = (error as { errorCode?: unknown } | undefined)?.errorCode;
  return typeof code === 'string' && SIGN_IN_AGAIN.has(code);
}

function signInAgain(owner: TokenOwner, what: string, cause?: unknown): BotError {
  const login = `${commandPrefix(owner.platform)}login`;
  return new BotError('UNAUTHORIZED', `${what}. Sign in again: ${login}`, {
    ...(cause === undefined ? {} : { cause }),
    details: { tokenContext: 'user' },
  });
}
