// Shared test helpers: collect the problems loadConfig reports, temp files, a real key + certificate.
import 'reflect-metadata';
import { randomUUID, webcrypto, createPrivateKey } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { APPROVABLE_VERBS } from '../../src/commands/index.js';

x509.cryptoProvider.set(webcrypto);

export function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    // As the process's root loads it: approvals.actions is checked against the command registry.
    loadConfig(env, { approvableVerbs: APPROVABLE_VERBS });
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

/** The single problem line about `variable`; fails the test when there is none or more than one. */
export function problemAbout(env: NodeJS.ProcessEnv, variable: string): string {
  const lines = problemsOf(env).filter(
    (line) => line.startsWith(`${variable}:`) || line.startsWith(`${variable} (`),
  );
  if (lines.length !== 1)
    throw new Error(
      `expected exactly one problem about ${variable}, got: ${JSON.stringify(problemsOf(env))}`,
    );
  return lines[0] ?? '';
}

export function tempDir(): { dir: string; write(name: string, text: string): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `defbot-config-${randomUUID()}-`));
  return {
    dir,
    write: (name, text) => {
      const path = join(dir, name);
      writeFileSync(path, text, 'utf8');
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const RSA: webcrypto.RsaHashedKeyGenParams = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};

export async function selfSignedPem(): Promise<{ certPem: string; keyPem: string }> {
  const keys = await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=defbot config test',
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 86_400_000),
    signingAlgorithm: RSA,
    keys,
  });
  const keyPem = x509.PemConverter.encode(
    await webcrypto.subtle.exportKey('pkcs8', keys.privateKey),
    'PRIVATE KEY',
  );
  return { certPem: cert.toString('pem'), keyPem };
}

export function encryptedPem(keyPem: string): string {
  return createPrivateKey(keyPem)
    .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'test-passphrase' })
    .toString();
}

/** A valid 32-byte key in base64. */
export const KEY_32 = Buffer.alloc(32, 7).toString('base64');
