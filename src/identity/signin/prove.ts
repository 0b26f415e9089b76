// "Prove who you are" with Entra ID, for a link that only one person may open (a hunt's CSV on
// Teams): an auth code + PKCE round trip asking only for OpenID scopes, whose ID token names the
// account that opened the link. Nothing is stored but the pending state, consumed once.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { AzureConfig } from '../../config/types.js';
import type { Logger } from '../../core/logger.js';
import { buildConfidentialClient } from '../app-tokens.js';
import { challengeOf, createPkcePair } from './pkce.js';

const TTL_SECONDS = 600;
const GET_AND_DELETE = `local v = redis.call('GET', KEYS[1]); if v then redis.call('DEL', KEYS[1]) end; return v`;

export type IdentityProof =
  | { ok: true; objectId: string; username: string; payload: string }
  | { ok: false; status: 400 | 502; message: string };

export interface IdentityCheck {
  /** Entra's authorize URL; `payload` comes back with the proof. */
  begin(redirectUri: string, payload: string): Promise<string>;
  complete(
    redirectUri: string,
    query: { state?: string; code?: string; error?: string },
  ): Promise<IdentityProof>;
}

export function createIdentityCheck(options: {
  azure: AzureConfig;
  logger: Logger;
  redis: Pick<Redis, 'set' | 'eval'>;
  prefix: string;
}): IdentityCheck {
  const keyOf = (state: string) => `${options.prefix}:idcheck:${state}`;
  const client = () => buildConfidentialClient(options.azure, options.logger);
  const scopes = ['openid', 'profile'];
  return {
    async begin(redirectUri, payload) {
      const state = randomBytes(32).toString('base64url');
      const { verifier } = createPkcePair();
      await options.redis.set(keyOf(state), JSON.stringify({ verifier, payload }), 'EX', TTL_SECONDS);
      return (await client()).getAuthCodeUrl({
        scopes,
        redirectUri,
        state,
        codeChallenge: challengeOf(verifier),
        codeChallengeMethod: 'S256',
        prompt: 'select_account',
      });
    },
    async complete(redirectUri, query) {
      const refused = (message: string, status: 400 | 502 = 400): IdentityProof => ({
        ok: false,
        status,
        message,
      });
      if (!query.state || !/^[A-Za-z0-9_-]{43}$/.test(query.state))
        return refused('This link is unknown or was used.');
      const raw = (await options.redis.eval(GET_AND_DELETE, 1, keyOf(query.state))) as string | null;
      if (!raw)
        return refused('This sign-in is unknown, used or expired. Open the link from the card again.');
      const pending = JSON.parse(raw) as { verifier: string; payload: string };
      if (query.error || !query.code)
        return refused('Entra ID did not sign you in. Open the link from the card again.');
      try {
        const result = await (
          await client()
        ).acquireTokenByCode({
          code: query.code,
          scopes,
          redirectUri,
          codeVerifier: pending.verifier,
        });
        const claims = (result.idTokenClaims ?? {}) as Record<string, unknown>;
        const objectId = typeof claims.oid === 'string' ? claims.oid : result.account?.localAccountId;
        if (!objectId) return refused('Entra ID returned no account.');
        return {
          ok: true,
          objectId,
          username: result.account?.username ?? objectId,
          payload: pending.payload,
        };
      } catch (error) {
        options.logger.warn(
          { err: error, component: 'identity-check' },
          'authorization code redemption failed',
        );
        return refused('Entra ID did not accept the sign-in. Open the link from the card again.', 502);
      }
    },
  };
}
