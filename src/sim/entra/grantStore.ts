// Server-side records behind opaque authorization codes and refresh tokens.
import { randomBytes } from 'node:crypto';
import type { SimClock } from '../types.js';

export interface AuthorizationCodeRecord {
  clientId: string;
  userOid: string;
  redirectUri: string;
  codeChallenge: string;
  scope: string;
  nonce: string | undefined;
  expiresAt: number;
  redeemed: boolean;
}

export interface RefreshTokenRecord {
  clientId: string;
  userOid: string;
  expiresAt: number;
}

const CODE_LIFETIME_MS = 10 * 60_000;
/** Entra's refresh tokens for confidential clients live 90 days (sliding). */
const REFRESH_LIFETIME_MS = 90 * 86_400_000;

const opaque = (prefix: string): string => `${prefix}.${randomBytes(48).toString('base64url')}`;

export function createGrantStore(clock: SimClock) {
  const codes = new Map<string, AuthorizationCodeRecord>();
  const refreshTokens = new Map<string, RefreshTokenRecord>();

  return {
    issueCode(record: Omit<AuthorizationCodeRecord, 'expiresAt' | 'redeemed'>): string {
      const code = opaque('1.SIM');
      codes.set(code, { ...record, expiresAt: clock.now() + CODE_LIFETIME_MS, redeemed: false });
      return code;
    },
    /** The record, kept after redemption so a second use can be told apart from an unknown code. */
    findCode(code: string): AuthorizationCodeRecord | undefined {
      return codes.get(code);
    },
    issueRefreshToken(clientId: string, userOid: string): string {
      const token = opaque('1.SIMRT');
      refreshTokens.set(token, { clientId, userOid, expiresAt: clock.now() + REFRESH_LIFETIME_MS });
      return token;
    },
    findRefreshToken(token: string): RefreshTokenRecord | undefined {
      return refreshTokens.get(token);
    },
    revokeUser(userOid: string): void {
      for (const [token, record] of refreshTokens)
        if (record.userOid === userOid) refreshTokens.delete(token);
    },
    clear(): void {
      codes.clear();
      refreshTokens.clear();
    },
  };
}

export type GrantStore = ReturnType<typeof createGrantStore>;
