// Vitest global setup: one simulator CA + server certificate for the whole run, trusted by every
// test worker through Node's standard NODE_EXTRA_CA_CERTS (workers are forked and inherit the env,
// and Node reads the variable at process start), so no test needs TLS options of its own.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCertificates } from '../../src/sim/tls.js';

let certDir: string | undefined;

export async function setup(): Promise<void> {
  certDir = await mkdtemp(join(tmpdir(), 'defbot-sim-certs-'));
  const { caPath, caPem } = await ensureCertificates(certDir);
  let trusted = caPath;
  const existing = process.env.NODE_EXTRA_CA_CERTS;
  if (existing) {
    // Keep any CA the developer already trusts (e.g. a corporate proxy) alongside ours.
    const bundle = join(certDir, 'extra-ca-bundle.pem');
    const previous = await readFile(existing, 'utf8').catch(() => '');
    await writeFile(bundle, `${previous.trim()}\n${caPem}`);
    trusted = bundle;
  }
  process.env.NODE_EXTRA_CA_CERTS = trusted;
  process.env.SIM_CERT_DIR = certDir;
}

export async function teardown(): Promise<void> {
  if (certDir) await rm(certDir, { recursive: true, force: true });
}
