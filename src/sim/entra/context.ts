// What the Entra routes share: the directory, the clock tokens are minted by, the minter and grant store.
import type { SimApp, SimClock, SimUser } from '../types.js';
import type { ClientAuthContext } from './clientAuth.js';
import type { GrantStore } from './grantStore.js';
import type { SigningKey } from './keys.js';
import type { TokenMinter } from './tokens.js';

export interface EntraContext extends ClientAuthContext {
  apps: Map<string, SimApp>;
  users: Map<string, SimUser>;
  tenantId: string;
  clock: SimClock;
  key: SigningKey;
  minter: TokenMinter;
  grants: GrantStore;
  /** The simulator's public https base URL, no trailing slash. */
  baseUrl: () => string;
  /** The user /authorize signs in when no login_hint picks one. */
  defaultUserOid: () => string | undefined;
}

/** Body of a successful token response (the fields MSAL reads). */
export interface TokenResponseBody {
  token_type: 'Bearer';
  scope?: string;
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  client_info?: string;
}

/** Tenant path segments the endpoints answer for. */
export function isKnownTenant(ctx: Pick<EntraContext, 'tenantId'>, tenant: string): boolean {
  const t = tenant.toLowerCase();
  return t === ctx.tenantId.toLowerCase() || t === 'organizations' || t === 'common';
}

export function findUserByUpn(users: ReadonlyMap<string, SimUser>, upn: string): SimUser | undefined {
  const wanted = upn.toLowerCase();
  for (const user of users.values()) if (user.upn.toLowerCase() === wanted) return user;
  return undefined;
}
