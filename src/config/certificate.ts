// Checks the Entra client certificate file at boot, so a wrong path or a key/certificate mismatch
// fails here with a clear line instead of later as an opaque AADSTS error.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';

const NAME = 'AZURE_CLIENT_CERTIFICATE_PATH';
const CERTIFICATE_PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;
const PRIVATE_KEY_PEM = /-----BEGIN (RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END \1PRIVATE KEY-----/;

/** Returns a problem line, or undefined when the file holds a matching unencrypted PEM key and certificate. */
export function checkCertificateFile(path: string): string | undefined {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    return `${NAME}: cannot read ${path} (${reason}) — point it to a readable PEM file holding the private key and the certificate`;
  }
  const certificatePem = CERTIFICATE_PEM.exec(pem)?.[0];
  const keyPem = PRIVATE_KEY_PEM.exec(pem)?.[0];
  if (pem.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----')) {
    return `${NAME}: ${path} holds an encrypted private key — export the key without a passphrase (e.g. openssl pkey -in key.pem -out plain.pem) and protect the file instead`;
  }
  if (!keyPem)
    return `${NAME}: ${path} has no PEM private key — put the private key (-----BEGIN PRIVATE KEY-----) and the certificate in this one file`;
  if (!certificatePem)
    return `${NAME}: ${path} has no PEM certificate — put the certificate (-----BEGIN CERTIFICATE-----) and the private key in this one file`;
  try {
    const certificate = new X509Certificate(certificatePem);
    if (!certificate.checkPrivateKey(createPrivateKey(keyPem))) {
      return `${NAME}: the private key in ${path} does not belong to its certificate — put the certificate uploaded to the app registration with its own key`;
    }
  } catch {
    return `${NAME}: ${path} holds a PEM block that does not parse — re-export the private key and certificate as PEM`;
  }
  return undefined;
}
