// Verifies bearer tokens presented to the MDE API: our signature, the v1 issuer, expiry, and an MDE
// audience. A valid token for another audience is refused with 403 (reference/mde-api.md section 1).
import { jwtVerify, type CryptoKey, type JWTPayload } from 'jose';
import { TokenRejected, type AccessTokenClaims, type SimClock, type VerifyAccessToken } from '../types.js';
import { MDE_RESOURCE_ALIASES } from './directory.js';
import { v1Issuer } from './tokens.js';

const MDE_AUDIENCES: readonly string[] = MDE_RESOURCE_ALIASES;

export interface VerifierOptions {
  publicKey: CryptoKey;
  tenantId: string;
  clock: SimClock;
  /** The audiences this API accepts; default the MDE resource's identifiers. */
  audiences?: readonly string[];
}

function toClaims(payload: JWTPayload): AccessTokenClaims {
  const text = (name: string): string => {
    const value = payload[name];
    if (typeof value !== 'string' || value === '')
      throw new TokenRejected(`The token has no '${name}' claim.`);
    return value;
  };
  const claims: AccessTokenClaims = {
    aud: text('aud'),
    iss: text('iss'),
    tid: text('tid'),
    appid: text('appid'),
    oid: text('oid'),
    ver: text('ver'),
    iat: Number(payload.iat),
    exp: Number(payload.exp),
  };
  if (Array.isArray(payload.roles))
    claims.roles = payload.roles.filter((r): r is string => typeof r === 'string');
  if (typeof payload.scp === 'string') claims.scp = payload.scp;
  if (typeof payload.upn === 'string') claims.upn = payload.upn;
  if (typeof payload.name === 'string') claims.name = payload.name;
  return claims;
}

export function createAccessTokenVerifier(options: VerifierOptions): VerifyAccessToken {
  const accepted = new Set((options.audiences ?? MDE_AUDIENCES).map((a) => a.toLowerCase()));
  return async (authorizationHeader) => {
    const match = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)\s*$/i.exec(
      authorizationHeader ?? '',
    );
    if (!match?.[1]) throw new TokenRejected('Authorization header is missing or is not a bearer token.');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(match[1], options.publicKey, {
        algorithms: ['RS256'],
        issuer: v1Issuer(options.tenantId),
        currentDate: new Date(options.clock.now()),
        requiredClaims: ['exp', 'aud'],
      }));
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'ERR_JWT_EXPIRED') throw new TokenRejected('The token is expired.');
      if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED')
        throw new TokenRejected(`The token is not valid: ${(err as Error).message}.`);
      throw new TokenRejected('The token signature is invalid.');
    }
    const audience = typeof payload.aud === 'string' ? payload.aud : '';
    if (!accepted.has(audience.toLowerCase())) {
      throw new TokenRejected(`The token audience '${audience}' is not valid for this API.`, 403);
    }
    const claims = toClaims(payload);
    if (claims.tid !== options.tenantId) throw new TokenRejected('The token was issued for another tenant.');
    return claims;
  };
}
