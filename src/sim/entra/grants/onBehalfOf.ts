// On-behalf-of (grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer): trades a user's token for
// this client's API for a token to a downstream resource (MDE) for the same user.
import { jwtVerify } from 'jose';
import type { AuthenticatedClient } from '../clientAuth.js';
import type { EntraContext, TokenResponseBody } from '../context.js';
import { EntraError } from '../errors.js';
import { issueUserTokens } from './userTokens.js';

export const OBO_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export interface OnBehalfOfForm {
  assertion?: string | undefined;
  requested_token_use?: string | undefined;
  scope?: string | undefined;
}

export async function onBehalfOfGrant(
  ctx: EntraContext,
  client: AuthenticatedClient,
  form: OnBehalfOfForm,
): Promise<TokenResponseBody> {
  if (form.requested_token_use !== 'on_behalf_of') {
    throw new EntraError(
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'requested_token_use'.",
    );
  }
  if (!form.assertion)
    throw new EntraError(
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'assertion'.",
    );
  const clientId = client.app.clientId;
  let claims;
  try {
    ({ payload: claims } = await jwtVerify(form.assertion, ctx.key.publicKey, {
      algorithms: ['RS256'],
      currentDate: new Date(ctx.clock.now()),
    }));
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_JWT_EXPIRED') {
      throw new EntraError(
        'invalid_grant',
        500133,
        'Assertion is not within its valid time range. Ensure that the access token is not expired before using it for user assertion, or request a new token.',
      );
    }
    throw new EntraError('invalid_grant', 50013, 'Assertion failed signature validation.');
  }
  const audiences = [clientId, `api://${clientId}`];
  if (typeof claims.aud !== 'string' || !audiences.includes(claims.aud.toLowerCase())) {
    throw new EntraError(
      'invalid_grant',
      50013,
      `Assertion audience does not match the Client app presenting the assertion. The audience in the assertion was '${String(claims.aud)}' and the expected audience is '${clientId}' or one of the Application Id URIs of this application.`,
    );
  }
  const user =
    typeof claims.oid === 'string' && typeof claims.scp === 'string' ? ctx.users.get(claims.oid) : undefined;
  if (!user)
    throw new EntraError('invalid_grant', 50013, 'Assertion contains no user or the user was not found.');
  return issueUserTokens(ctx, client.app, client.auth, user, form.scope);
}
