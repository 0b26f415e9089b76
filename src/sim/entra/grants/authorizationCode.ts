// grant_type=authorization_code: redeems a code from /authorize once, within 10 minutes, with the
// same redirect_uri and a code_verifier whose S256 hash is the stored code_challenge (PKCE).
import { createHash } from 'node:crypto';
import type { AuthenticatedClient } from '../clientAuth.js';
import type { EntraContext, TokenResponseBody } from '../context.js';
import { EntraError } from '../errors.js';
import { issueUserTokens } from './userTokens.js';

export interface AuthorizationCodeForm {
  code?: string | undefined;
  redirect_uri?: string | undefined;
  code_verifier?: string | undefined;
  scope?: string | undefined;
}

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

const malformed = () =>
  new EntraError('invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');

export async function authorizationCodeGrant(
  ctx: EntraContext,
  client: AuthenticatedClient,
  form: AuthorizationCodeForm,
): Promise<TokenResponseBody> {
  if (!form.code)
    throw new EntraError(
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'code'.",
    );
  const record = ctx.grants.findCode(form.code);
  if (!record || record.clientId !== client.app.clientId) throw malformed();
  if (record.redeemed) {
    throw new EntraError(
      'invalid_grant',
      54005,
      'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
    );
  }
  // Any redemption attempt by the right client uses the code up, so a stolen code cannot be retried.
  record.redeemed = true;
  if (ctx.clock.now() > record.expiresAt) {
    throw new EntraError(
      'invalid_grant',
      70008,
      'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
    );
  }
  if (form.redirect_uri !== record.redirectUri) {
    throw new EntraError(
      'invalid_grant',
      500112,
      `The reply address '${form.redirect_uri ?? ''}' does not match the reply address '${record.redirectUri}' provided when requesting Authorization code.`,
    );
  }
  if (!form.code_verifier || s256(form.code_verifier) !== record.codeChallenge) {
    throw new EntraError(
      'invalid_grant',
      50148,
      'The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.',
    );
  }
  const user = ctx.users.get(record.userOid);
  if (!user)
    throw new EntraError('invalid_grant', 50034, 'The user account does not exist in the directory.');
  return issueUserTokens(ctx, client.app, client.auth, user, form.scope ?? record.scope, record.nonce);
}
