// The simulator serves HTTPS with its own CA, which Node trusts only through NODE_EXTRA_CA_CERTS read
// at process start. The runner makes the certificates and starts every benchmark with this env.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCertificates } from '../../src/sim/tls.js';

export interface TrustEnv {
  dir: string;
  env: { NODE_EXTRA_CA_CERTS: string; SIM_CERT_DIR: string };
}

export async function makeTrustEnv(): Promise<TrustEnv> {
  const dir = await mkdtemp(join(tmpdir(), 'defbot-bench-certs-'));
  const { caPath, caPem } = await ensureCertificates(dir);
  let trusted = caPath;
  const existing = process.env.NODE_EXTRA_CA_CERTS;
  if (existing) {
    // Keep a CA the developer already trusts (a corporate proxy, say) next to ours.
    trusted = join(dir, 'extra-ca-bundle.pem');
    const previous = await readFile(existing, 'utf8').catch(() => '');
    await writeFile(trusted, `${previous.trim()}\n${caPem}`);
  }
  return { dir, env: { NODE_EXTRA_CA_CERTS: trusted, SIM_CERT_DIR: dir } };
}

/** For benchmark entry points: fail clearly when started without the runner's env. */
export function requireCertDir(): string {
  const dir = process.env.SIM_CERT_DIR;
  if (!dir || !process.env.NODE_EXTRA_CA_CERTS) {
    throw new Error(
      'SIM_CERT_DIR / NODE_EXTRA_CA_CERTS are not set: start benchmarks with `npm run bench [-- <name>]`.',
    );
  }
  return dir;
}
