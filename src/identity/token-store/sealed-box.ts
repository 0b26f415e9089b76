// AES-256-GCM for user token caches at rest: a fresh 12-byte IV per seal, the auth tag checked on
// open, and the Redis key as associated data so a blob copied to another user's key does not open.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SealedBox {
  seal(plaintext: string, boundTo: string): string;
  /** The plaintext, or undefined when the blob is malformed, tampered with or sealed under another key. */
  open(blob: string, boundTo: string): string | undefined;
}

export function createSealedBox(key: Buffer): SealedBox {
  if (key.length !== 32) throw new Error('TOKEN_ENCRYPTION_KEY must be 32 bytes');
  return {
    seal(plaintext, boundTo) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(boundTo, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [
        VERSION,
        iv.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
        body.toString('base64url'),
      ].join('.');
    },
    open(blob, boundTo) {
      const [version, iv, tag, body, extra] = blob.split('.');
      if (version !== VERSION || !iv || !tag || body === undefined || extra !== undefined) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), {
          authTagLength: TAG_BYTES,
        });
        decipher.setAAD(Buffer.from(boundTo, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        return undefined;
      }
    },
  };
}
