// Mints the tokens Entra would issue: v1 access tokens for the MDE resource, v2 access tokens for an
// app's own API (the input of on-behalf-of), and v2 ID tokens. Claim sets follow real Entra tokens.
import { randomBytes } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import type { SimApp, SimClock, SimUser } from '../types.js';
import { derivedGuid, servicePrincipalId } from './directory.js';
import type { SigningKey } from './keys.js';

/** How the client proved itself: Entra's appidacr/azpacr ("1" secret, "2" certificate). */
export type ClientAuthMethod = 'secret' | 'certificate';

export interface TokenMinterOptions {
  key: SigningKey;
  tenantId: string;
  clock: SimClock;
  /** Issuer of v2 tokens: `<simulator url>/<tenant>/v2.0`, as the OIDC metadata announces it. */
  v2Issuer: () => string;
  accessTokenLifetimeSeconds: number;
}

export interface MintedToken {
  token: string;
  claims: JWTPayload;
  /** Seconds until expiry, as the token response's expires_in. */
  expiresIn: number;
}

export interface UserGrant {
  app: SimApp;
  user: SimUser;
  audience: string;
  /** Delegated permission names, e.g. ["Machine.Read", "Machine.Isolate"]. */
  scopes: string[];
  auth: ClientAuthMethod;
}

export function v1Issuer(tenantId: string): string {
  return `https://sts.windows.net/${tenantId}/`;
}

/** A per-app pairwise subject, as Entra computes `sub` for users. */
export function pairwiseSubject(user: SimUser, clientId: string): string {
  return Buffer.from(derivedGuid(`${user.oid}:${clientId}`))
    .toString('base64url')
    .slice(0, 43);
}

const acr = (auth: ClientAuthMethod): string => (auth === 'certificate' ? '2' : '1');
const uti = (): string => randomBytes(16).toString('base64url');

export function createTokenMinter(options: TokenMinterOptions) {
  const { key, tenantId, clock } = options;

  async function sign(claims: JWTPayload, lifetimeSeconds: number): Promise<MintedToken> {
    const now = Math.floor(clock.now() / 1000);
    const full: JWTPayload = { ...claims, iat: now, nbf: now, exp: now + lifetimeSeconds };
    const token = await new SignJWT(full)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid, x5t: key.kid })
      .sign(key.privateKey);
    return { token, claims: full, expiresIn: Math.max(0, lifetimeSeconds - 1) };
  }

  return {
    /** Client-credentials token: v1 shape with `roles` (reference/mde-api.md section 1). */
    appToken(
      app: SimApp,
      audience: string,
      auth: ClientAuthMethod,
      lifetimeSeconds = options.accessTokenLifetimeSeconds,
    ) {
      const spId = servicePrincipalId(app.clientId);
      const iss = v1Issuer(tenantId);
      return sign(
        {
          aud: audience,
          iss,
          idp: iss,
          appid: app.clientId,
          appidacr: acr(auth),
          idtyp: 'app',
          oid: spId,
          sub: spId,
          roles: [...app.appRoles],
          tid: tenantId,
          uti: uti(),
          ver: '1.0',
        },
        lifetimeSeconds,
      );
    },

    /** Delegated v1 access token for a resource such as MDE: `scp`, `upn`, `name`. */
    userTokenV1(grant: UserGrant, lifetimeSeconds = options.accessTokenLifetimeSeconds) {
      const { app, user } = grant;
      return sign(
        {
          aud: grant.audience,
          iss: v1Issuer(tenantId),
          acr: '1',
          amr: ['pwd', 'mfa'],
          appid: app.clientId,
          appidacr: acr(grant.auth),
          idtyp: 'user',
          name: user.displayName,
          oid: user.oid,
          scp: grant.scopes.join(' '),
          sub: pairwiseSubject(user, app.clientId),
          tid: tenantId,
          unique_name: user.upn,
          upn: user.upn,
          uti: uti(),
          ver: '1.0',
        },
        lifetimeSeconds,
      );
    },

    /** Delegated v2 access token for an app's own API (aud = that app's client id). */
    userTokenV2(grant: UserGrant, lifetimeSeconds = options.accessTokenLifetimeSeconds) {
      const { app, user } = grant;
      return sign(
        {
          aud: grant.audience,
          iss: options.v2Issuer(),
          azp: app.clientId,
          azpacr: acr(grant.auth),
          idtyp: 'user',
          name: user.displayName,
          oid: user.oid,
          preferred_username: user.upn,
          scp: grant.scopes.join(' '),
          sub: pairwiseSubject(user, app.clientId),
          tid: tenantId,
          uti: uti(),
          ver: '2.0',
        },
        lifetimeSeconds,
      );
    },

    idToken(app: SimApp, user: SimUser, nonce: string | undefined) {
      return sign(
        {
          aud: app.clientId,
          iss: options.v2Issuer(),
          name: user.displayName,
          oid: user.oid,
          preferred_username: user.upn,
          sub: pairwiseSubject(user, app.clientId),
          tid: tenantId,
          ver: '2.0',
          ...(nonce ? { nonce } : {}),
        },
        3600,
      );
    },
  };
}

export type TokenMinter = ReturnType<typeof createTokenMinter>;

/** The client_info Entra returns so MSAL can build the account: base64url of {uid, utid}. */
export function clientInfo(user: SimUser, tenantId: string): string {
  return Buffer.from(JSON.stringify({ uid: user.oid, utid: tenantId })).toString('base64url');
}
