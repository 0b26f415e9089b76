// grant_type=refresh_token: new tokens for the same user and client, any resource the client may use.
import type { AuthenticatedClient } from '../clientAuth.js';
import type { EntraContext, TokenResponseBody } from '../context.js';
import { EntraError } from '../errors.js';
import { issueUserTokens } from './userTokens.js';

export async function refreshTokenGrant(
  ctx: EntraContext,
  client: AuthenticatedClient,
  refreshToken: string | undefined,
  scope: string | undefined,
): Promise<TokenResponseBody> {
  if (!refreshToken) {
    throw new EntraError(
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'refresh_token'.",
    );
  }
  const record = ctx.grants.findRefreshToken(refreshToken);
  if (!record || record.clientId !== client.app.clientId) {
    throw new EntraError('invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
  }
  if (ctx.clock.now() > record.expiresAt) {
    throw new EntraError('invalid_grant', 700082, 'The refresh token has expired due to inactivity.');
  }
  const user = ctx.users.get(record.userOid);
  if (!user)
    throw new EntraError('invalid_grant', 50173, 'The provided grant has expired due to it being revoked.');
  return issueUserTokens(ctx, client.app, client.auth, user, scope);
}
