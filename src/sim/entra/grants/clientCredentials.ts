// grant_type=client_credentials: an application token with the app's `roles`.
import type { TokenResponseBody, EntraContext } from '../context.js';
import type { AuthenticatedClient } from '../clientAuth.js';
import { EntraError } from '../errors.js';
import { appRolesFor, parseScope } from '../scopes.js';

export async function clientCredentialsGrant(
  ctx: EntraContext,
  client: AuthenticatedClient,
  scope: string | undefined,
): Promise<TokenResponseBody> {
  const request = parseScope(scope, ctx.apps, ctx.tenantId);
  if (!request.resource || request.permissions.length !== 1 || request.permissions[0] !== '.default') {
    throw new EntraError(
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope ?? ''} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }
  const app = { ...client.app, appRoles: appRolesFor(request, client.app) };
  const minted = await ctx.minter.appToken(app, request.resource.audience, client.auth);
  return {
    token_type: 'Bearer',
    expires_in: minted.expiresIn,
    ext_expires_in: minted.expiresIn,
    access_token: minted.token,
  };
}
