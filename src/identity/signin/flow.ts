// The sign-in round trip (authorization code + PKCE S256): a private link for the chat user, the
// redirect to Entra, and the callback that redeems the code, binds the account to the chat user and
// only then stores the tokens.
import type { AuthenticationResult } from '@azure/msal-node';
import type { AzureConfig } from '../../config/types.js';
import type { Logger } from '../../core/logger.js';
import { buildConfidentialClient } from '../app-tokens.js';
import type { UserTokenStore } from '../token-store/index.js';
import { checkBinding, type ChatEmailLookup, type SignedInAccount } from './binding.js';
import { challengeOf, createPkcePair } from './pkce.js';
import { graphHuntingScopes, signInScopes } from './scopes.js';
import type { SignInStateStore, SignInUser } from './state-store.js';

export interface SignInFlowOptions {
  azure: AzureConfig;
  logger: Logger;
  /** The bot's public base URL; the routes live at /auth/start and /auth/callback under it. */
  publicUrl: string;
  defenderScope: string;
  /** GRAPH_SCOPE when hunting is on: consent is also asked for Graph's delegated hunting scope. */
  graphScope?: string | undefined;
  states: SignInStateStore;
  tokens: UserTokenStore;
  emailOf: ChatEmailLookup;
}

export interface CallbackQuery {
  state?: string | undefined;
  code?: string | undefined;
  error?: string | undefined;
}

export type SignInOutcome =
  | { ok: true; user: SignInUser; username: string }
  | {
      ok: false;
      status: 400 | 403 | 502;
      /** Stable words for the audit trail. */
      outcome: 'unknown-state' | 'entra-error' | 'missing-code' | 'code-refused' | 'identity-mismatch';
      /** Shown on the page: plain words, never a token. */
      message: string;
      user?: SignInUser;
    };

export interface SignInFlow {
  /** The private link the chat user opens. */
  begin(user: SignInUser): Promise<string>;
  /** Entra's authorize URL for a pending state, or undefined when the state is unknown or expired. */
  authorizeUrl(state: string, loginHint?: string): Promise<string | undefined>;
  complete(query: CallbackQuery): Promise<SignInOutcome>;
}

export function createSignInFlow(options: SignInFlowOptions): SignInFlow {
  const base = options.publicUrl.replace(/\/+$/, '');
  const redirectUri = `${base}/auth/callback`;
  const scopes = signInScopes(options.defenderScope);
  const client = () => buildConfidentialClient(options.azure, options.logger);

  return {
    async begin(user) {
      const state = await options.states.create(user, createPkcePair().verifier);
      return `${base}/auth/start?state=${encodeURIComponent(state)}`;
    },

    async authorizeUrl(state, loginHint) {
      const pending = await options.states.peek(state);
      if (!pending) return undefined;
      return (await client()).getAuthCodeUrl({
        scopes,
        redirectUri,
        state,
        codeChallenge: challengeOf(pending.codeVerifier),
        codeChallengeMethod: 'S256',
        // A token is for one resource; the consent can cover Graph too, so its token comes later
        // from the same refresh token without a second sign-in.
        ...(options.graphScope ? { extraScopesToConsent: graphHuntingScopes(options.graphScope) } : {}),
        ...(loginHint ? { loginHint } : {}),
      });
    },

    async complete(query) {
      // Consumed first, whatever follows: a state is good for one callback only.
      const pending = query.state ? await options.states.consume(query.state) : undefined;
      if (!pending)
        return refusal(
          400,
          'unknown-state',
          'This sign-in link is unknown, used or expired. Ask the bot for a new one (login).',
        );
      const { user } = pending;
      if (query.error)
        return refusal(
          400,
          'entra-error',
          `Entra ID did not sign you in (${safeCode(query.error)}). Ask the bot for a new link.`,
          user,
        );
      if (!query.code)
        return refusal(
          400,
          'missing-code',
          'Entra ID sent no authorization code. Ask the bot for a new link.',
          user,
        );

      const msal = await client();
      let result: AuthenticationResult;
      try {
        result = await msal.acquireTokenByCode({
          code: query.code,
          scopes,
          redirectUri,
          codeVerifier: pending.codeVerifier,
        });
      } catch (error) {
        options.logger.warn({ err: error, component: 'signin' }, 'authorization code redemption failed');
        const permanent =
          typeof (error as { errorCode?: unknown }).errorCode === 'string' &&
          (error as { errorCode: string }).errorCode.startsWith('invalid');
        return refusal(
          permanent ? 400 : 502,
          'code-refused',
          'Entra ID did not accept the sign-in. Ask the bot for a new link.',
          user,
        );
      }
      const account = signedInAccount(result);
      if (!account)
        return refusal(
          400,
          'code-refused',
          'Entra ID returned no account. Ask the bot for a new link.',
          user,
        );
      const binding = await checkBinding(user, account, options.emailOf);
      if (!binding.ok) {
        return refusal(
          403,
          'identity-mismatch',
          `You signed in as ${account.username}, which is not the account of the chat user who asked (${binding.reason}). Nothing was stored.`,
          user,
        );
      }
      await options.tokens.write(user, msal.getTokenCache().serialize());
      return { ok: true, user, username: account.username };
    },
  };
}

function refusal(
  status: 400 | 403 | 502,
  outcome: Extract<SignInOutcome, { ok: false }>['outcome'],
  message: string,
  user?: SignInUser,
): SignInOutcome {
  return { ok: false, status, outcome, message, ...(user ? { user } : {}) };
}

function signedInAccount(result: AuthenticationResult): SignedInAccount | undefined {
  const account = result.account;
  const claims = (result.idTokenClaims ?? {}) as Record<string, unknown>;
  const objectId = typeof claims.oid === 'string' ? claims.oid : account?.localAccountId;
  if (!account?.username || !objectId) return undefined;
  const aliases = ['upn', 'email']
    .map((name) => claims[name])
    .filter((v): v is string => typeof v === 'string');
  return { username: account.username, objectId, aliases };
}

/** OAuth error codes are short words; anything else is not echoed back. */
function safeCode(code: string): string {
  return /^[a-z_]{1,64}$/.test(code) ? code : 'error';
}
