// The Entra half of the simulator: discovery, /authorize, /token, and the verifier the MDE half uses.
import { Router } from 'express';
import type { SimApp, SimClock, SimUser, VerifyAccessToken } from '../types.js';
import { authorizeEndpoint } from './authorize.js';
import type { EntraContext } from './context.js';
import { findUserByUpn } from './context.js';
import { instanceDiscoveryEndpoint, jwksEndpoint, openIdConfigurationEndpoint } from './discovery.js';
import { createGrantStore } from './grantStore.js';
import { createSigningKey } from './keys.js';
import { issueTestToken, type IssueTokenSpec } from './testTokens.js';
import { tokenEndpoint } from './tokenEndpoint.js';
import { createTokenLog, type TokenRequestRecord } from './tokenLog.js';
import { createTokenMinter } from './tokens.js';
import { createAccessTokenVerifier } from './verify.js';
import { GRAPH_RESOURCE_ALIASES } from './directory.js';

export interface EntraOptions {
  tenantId: string;
  /** Keyed by lower-case client id; shared with the caller, so apps added later are seen. */
  apps: Map<string, SimApp>;
  /** Keyed by oid. */
  users: Map<string, SimUser>;
  /** Clock for issuing and checking tokens. */
  clock: SimClock;
  baseUrl: () => string;
  /** Access-token lifetime; default 3600 (expires_in 3599). */
  accessTokenLifetimeSeconds?: number;
}

export interface Entra {
  router: Router;
  verifyAccessToken: VerifyAccessToken;
  /** The same checks for Microsoft Graph's audience (advanced hunting). */
  verifyGraphAccessToken: VerifyAccessToken;
  tokenRequests(): TokenRequestRecord[];
  clearTokenRequests(): void;
  issueToken(spec: IssueTokenSpec): Promise<string>;
  /** Who /authorize signs in without a login_hint (UPN or oid); default: the first user. */
  setDefaultUser(upnOrOid: string): void;
  /** Drops codes and refresh tokens, e.g. on a simulator reset. */
  clearGrants(): void;
}

export async function createEntra(options: EntraOptions): Promise<Entra> {
  const key = await createSigningKey();
  const { tenantId, clock, baseUrl } = options;
  let defaultUserOid: string | undefined;
  const minter = createTokenMinter({
    key,
    tenantId,
    clock,
    v2Issuer: () => `${baseUrl()}/${tenantId}/v2.0`,
    accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds ?? 3600,
  });
  const ctx: EntraContext = {
    apps: options.apps,
    users: options.users,
    tenantId,
    clock,
    key,
    minter,
    grants: createGrantStore(clock),
    baseUrl,
    defaultUserOid: () => defaultUserOid ?? options.users.keys().next().value,
    assertionAudiences: () => [
      `${baseUrl()}/${tenantId}/oauth2/v2.0/token`,
      `${baseUrl()}/${tenantId}/oauth2/token`,
      `${baseUrl()}/${tenantId}/v2.0`,
      `${baseUrl()}/organizations/oauth2/v2.0/token`,
      `${baseUrl()}/common/oauth2/v2.0/token`,
    ],
  };
  const log = createTokenLog();

  const router = Router({ caseSensitive: false });
  router.get('/common/discovery/instance', instanceDiscoveryEndpoint(ctx));
  router.get('/:tenant/v2.0/.well-known/openid-configuration', openIdConfigurationEndpoint(ctx));
  router.get('/:tenant/.well-known/openid-configuration', openIdConfigurationEndpoint(ctx));
  router.get(['/:tenant/discovery/v2.0/keys', '/:tenant/discovery/keys'], jwksEndpoint(ctx));
  router.get('/:tenant/oauth2/v2.0/authorize', authorizeEndpoint(ctx));
  router.post('/:tenant/oauth2/v2.0/token', ...tokenEndpoint(ctx, log));

  return {
    router,
    verifyAccessToken: createAccessTokenVerifier({ publicKey: key.publicKey, tenantId, clock }),
    verifyGraphAccessToken: createAccessTokenVerifier({
      publicKey: key.publicKey,
      tenantId,
      clock,
      audiences: GRAPH_RESOURCE_ALIASES,
    }),
    tokenRequests: () => log.list(),
    clearTokenRequests: () => log.clear(),
    issueToken: (spec) => issueTestToken(ctx, spec),
    setDefaultUser(upnOrOid) {
      const user = options.users.get(upnOrOid) ?? findUserByUpn(options.users, upnOrOid);
      if (!user) throw new Error(`Unknown user ${upnOrOid}`);
      defaultUserOid = user.oid;
    },
    clearGrants: () => ctx.grants.clear(),
  };
}
