// OIDC discovery as Entra serves it: the v2.0 openid-configuration, the JWKS, and instance discovery.
// Every endpoint points back at the simulator's own https URL, which MSAL requires for a custom authority.
import type { Request, Response } from 'express';
import { isKnownTenant, type EntraContext } from './context.js';
import { EntraError, entraErrorBody } from './errors.js';

export function openIdConfiguration(base: string, tenantId: string) {
  const tenantBase = `${base}/${tenantId}`;
  return {
    token_endpoint: `${tenantBase}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${tenantBase}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${tenantBase}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${tenantBase}/openid/userinfo`,
    authorization_endpoint: `${tenantBase}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${tenantBase}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${tenantBase}/oauth2/v2.0/logout`,
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'acr',
      'nonce',
      'preferred_username',
      'name',
      'tid',
      'ver',
      'at_hash',
      'c_hash',
      'email',
    ],
    code_challenge_methods_supported: ['S256'],
    tenant_region_scope: null,
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  };
}

function rejectUnknownTenant(ctx: EntraContext, req: Request, res: Response): boolean {
  const tenant = String(req.params.tenant);
  if (isKnownTenant(ctx, tenant)) return false;
  const err = new EntraError(
    'invalid_request',
    90002,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
  );
  res.status(400).json({ ...entraErrorBody(err, undefined, ctx.baseUrl()), error: 'invalid_tenant' });
  return true;
}

export function openIdConfigurationEndpoint(ctx: EntraContext) {
  return (req: Request, res: Response): void => {
    if (rejectUnknownTenant(ctx, req, res)) return;
    res.json(openIdConfiguration(ctx.baseUrl(), ctx.tenantId));
  };
}

export function jwksEndpoint(ctx: EntraContext) {
  return (_req: Request, res: Response): void => {
    res.json({ keys: [ctx.key.publicJwk] });
  };
}

/** The answer MSAL expects from instance discovery when a host is not in knownAuthorities. */
export function instanceDiscoveryEndpoint(ctx: EntraContext) {
  return (_req: Request, res: Response): void => {
    const host = new URL(ctx.baseUrl()).host;
    res.json({
      tenant_discovery_endpoint: `${ctx.baseUrl()}/${ctx.tenantId}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    });
  };
}
