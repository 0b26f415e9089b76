// PKCE (RFC 7636) with S256: the verifier stays server-side with the sign-in state; only its hash
// travels through the browser.
import { createHash, randomBytes } from 'node:crypto';

export interface PkcePair {
  verifier: string;
  challenge: string;
}

export function createPkcePair(): PkcePair {
  // 32 random bytes -> a 43-character verifier, the RFC's minimum length and 256 bits of entropy.
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: challengeOf(verifier) };
}

export function challengeOf(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}
