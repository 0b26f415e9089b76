// Reads the app registration's certificate credential (PEM with private key + certificate) into
// the shape msal-node wants: SHA-256 thumbprint, private key, and the public chain for x5c.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { BotError } from '../core/errors.js';

export interface CertificateCredential {
  thumbprintSha256: string;
  privateKey: string;
  x5c: string;
}

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const KEY_BLOCK = /-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC )?PRIVATE KEY-----/;

export async function loadCertificateCredential(path: string): Promise<CertificateCredential> {
  const pem = await readFile(path, 'utf8');
  const certificates = pem.match(CERT_BLOCK) ?? [];
  const keyBlock = pem.match(KEY_BLOCK)?.[0];
  const leaf = certificates[0];
  if (leaf === undefined || keyBlock === undefined) {
    throw new BotError(
      'INVALID_INPUT',
      `AZURE_CLIENT_CERTIFICATE_PATH: ${path} must hold a PEM certificate and its private key.`,
    );
  }
  const certificate = new X509Certificate(leaf);
  // msal-node wants PKCS#8 ("BEGIN PRIVATE KEY"); convert PKCS#1 keys.
  const privateKey = createPrivateKey(keyBlock).export({ format: 'pem', type: 'pkcs8' }).toString();
  return {
    thumbprintSha256: certificate.fingerprint256.replace(/:/g, '').toLowerCase(),
    privateKey,
    x5c: certificates.join('\n'),
  };
}
