// The token response for a signed-in user (auth code, refresh, on-behalf-of): access token for the
// requested resource, plus ID token, refresh token and client_info as Entra returns them.
import type { SimApp, SimUser } from '../../types.js';
import type { EntraContext, TokenResponseBody } from '../context.js';
import { grantedDelegatedPermissions, parseScope, responseScope } from '../scopes.js';
import { clientInfo, type ClientAuthMethod, type MintedToken } from '../tokens.js';

/** Signed in with only OIDC scopes, Entra hands out a Microsoft Graph token. */
const GRAPH_RESOURCE = 'https://graph.microsoft.com';

export async function issueUserTokens(
  ctx: EntraContext,
  client: SimApp,
  auth: ClientAuthMethod,
  user: SimUser,
  scopeParam: string | undefined,
  nonce?: string,
): Promise<TokenResponseBody> {
  const request = parseScope(scopeParam, ctx.apps, ctx.tenantId);
  const granted = grantedDelegatedPermissions(request, client);
  const resource = request.resource;
  let access: MintedToken;
  if (resource?.kind === 'app') {
    access = await ctx.minter.userTokenV2({
      app: client,
      user,
      audience: resource.audience,
      scopes: granted,
      auth,
    });
  } else {
    const audience = resource?.audience ?? GRAPH_RESOURCE;
    const scopes = resource ? granted : ['User.Read'];
    access = await ctx.minter.userTokenV1({ app: client, user, audience, scopes, auth });
  }
  const oidc = new Set(request.oidc.map((s) => s.toLowerCase()));
  const body: TokenResponseBody = {
    token_type: 'Bearer',
    scope: resource ? responseScope(request, granted) : ['User.Read', ...request.oidc].join(' '),
    expires_in: access.expiresIn,
    ext_expires_in: access.expiresIn,
    access_token: access.token,
    client_info: clientInfo(user, ctx.tenantId),
  };
  if (oidc.has('offline_access'))
    body.refresh_token = ctx.grants.issueRefreshToken(client.clientId, user.oid);
  if (oidc.has('openid')) body.id_token = (await ctx.minter.idToken(client, user, nonce)).token;
  return body;
}
