// Certificates for the simulator's HTTPS: a local CA (trusted via NODE_EXTRA_CA_CERTS) and a
// localhost server certificate it signs. Reused across runs while valid, so trust set up once holds.
import 'reflect-metadata';
import { webcrypto, X509Certificate as NodeX509, createPrivateKey, createPublicKey } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto);

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

export interface SimCertificates {
  /** Path of the CA certificate: the file to put in NODE_EXTRA_CA_CERTS. */
  caPath: string;
  caPem: string;
  certPem: string;
  keyPem: string;
}

const RSA_SIGNING: webcrypto.RsaHashedKeyGenParams = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};
const DAY_MS = 86_400_000;
const VALIDITY_DAYS = 365;
/** Regenerate when less than this is left, so a long test run never sees an expiring certificate. */
const MIN_REMAINING_MS = 7 * DAY_MS;
const SERVER_NAMES = ['localhost', '127.0.0.1', '::1'];

export async function generateRsaKeyPair(): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(RSA_SIGNING, true, ['sign', 'verify']);
}

export async function privateKeyToPem(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] ?? 0) & 0x7f; // positive INTEGER
  return Buffer.from(bytes).toString('hex');
}

async function createCa(now: Date): Promise<{ cert: x509.X509Certificate; keys: CryptoKeyPair }> {
  const keys = await generateRsaKeyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: 'CN=defbot simulator local CA, O=defbot',
    notBefore: new Date(now.getTime() - DAY_MS),
    notAfter: new Date(now.getTime() + VALIDITY_DAYS * DAY_MS),
    signingAlgorithm: RSA_SIGNING,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert, keys };
}

async function createServerCert(
  ca: { cert: x509.X509Certificate; keys: CryptoKeyPair },
  now: Date,
): Promise<{ certPem: string; keyPem: string }> {
  const keys = await generateRsaKeyPair();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: 'CN=localhost',
    issuer: ca.cert.subject,
    notBefore: new Date(now.getTime() - DAY_MS),
    notAfter: new Date(now.getTime() + VALIDITY_DAYS * DAY_MS),
    signingAlgorithm: RSA_SIGNING,
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: 'dns', value: 'localhost' },
        { type: 'ip', value: '127.0.0.1' },
        { type: 'ip', value: '::1' },
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await privateKeyToPem(keys.privateKey) };
}

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** True when the stored set still works: CA signed the server cert, the key fits, names and dates are right. */
function isReusable(caPem: string, certPem: string, keyPem: string, now: number): boolean {
  try {
    const ca = new NodeX509(caPem);
    const server = new NodeX509(certPem);
    const stillValid = (c: NodeX509) =>
      Date.parse(c.validFrom) <= now && Date.parse(c.validTo) - now > MIN_REMAINING_MS;
    const keyMatches = createPublicKey(createPrivateKey(keyPem))
      .export({ type: 'spki', format: 'der' })
      .equals(server.publicKey.export({ type: 'spki', format: 'der' }));
    const namesCovered = SERVER_NAMES.every(
      (name) => server.checkHost(name) !== undefined || server.checkIP(name) !== undefined,
    );
    return (
      ca.ca &&
      stillValid(ca) &&
      stillValid(server) &&
      server.verify(ca.publicKey) &&
      keyMatches &&
      namesCovered
    );
  } catch {
    return false;
  }
}

/** Writes via a temp file and rename, so a concurrent reader never sees half a PEM. */
async function writeAtomically(path: string, content: string, mode: number): Promise<void> {
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, content, { mode });
  await chmod(temp, mode);
  await rename(temp, path);
}

/** Returns the CA and server certificate in `dir`, generating (and writing) them if missing or stale. */
export async function ensureCertificates(dir: string): Promise<SimCertificates> {
  const caPath = join(dir, 'ca.pem');
  const certPath = join(dir, 'server.pem');
  const keyPath = join(dir, 'server-key.pem');
  const [caPem, certPem, keyPem] = await Promise.all([caPath, certPath, keyPath].map(readIfPresent));
  if (caPem && certPem && keyPem && isReusable(caPem, certPem, keyPem, Date.now())) {
    return { caPath, caPem, certPem, keyPem };
  }
  await mkdir(dir, { recursive: true });
  const now = new Date();
  const ca = await createCa(now);
  const server = await createServerCert(ca, now);
  const newCaPem = ca.cert.toString('pem');
  // The CA's private key is never written: regenerating both is cheap, and no signing key lies around.
  await writeAtomically(keyPath, server.keyPem, 0o600);
  await writeAtomically(certPath, server.certPem, 0o644);
  await writeAtomically(caPath, newCaPem, 0o644);
  return { caPath, caPem: newCaPem, certPem: server.certPem, keyPem: server.keyPem };
}
