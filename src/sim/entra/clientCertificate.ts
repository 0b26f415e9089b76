// A self-signed certificate for an app registration's certificate credential (tests, demo): the
// PEMs plus the SHA-256 thumbprint MSAL wants as `clientCertificate.thumbprintSha256`.
import 'reflect-metadata';
import { createHash, X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { generateRsaKeyPair, privateKeyToPem } from '../tls.js';

export interface ClientCertificate {
  certPem: string;
  keyPem: string;
  /** Hex SHA-256 of the DER certificate. */
  thumbprintSha256: string;
}

export async function generateClientCertificate(
  commonName: string,
  validDays = 30,
): Promise<ClientCertificate> {
  const keys = await generateRsaKeyPair();
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=${commonName}`,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + validDays * 86_400_000),
    signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    keys,
    extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
  });
  const certPem = cert.toString('pem');
  const thumbprintSha256 = createHash('sha256').update(new X509Certificate(certPem).raw).digest('hex');
  return { certPem, keyPem: await privateKeyToPem(keys.privateKey), thumbprintSha256 };
}
