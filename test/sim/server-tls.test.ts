import { X509Certificate } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCertificates, type Simulator } from '../../src/sim/index.js';
import { startTestSimulator } from '../helpers/sim.js';

describe('simulator TLS', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });

  it('is trusted by a test worker through NODE_EXTRA_CA_CERTS alone: plain fetch, no TLS options', async () => {
    expect(process.env.NODE_EXTRA_CA_CERTS).toBeTruthy();
    expect(sim.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${sim.url}/_sim/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, tenantId: sim.tenantId });
  });

  it('serves a certificate for localhost too', async () => {
    const port = new URL(sim.url).port;
    const res = await fetch(`https://localhost:${port}/_sim/health`);
    expect(res.status).toBe(200);
  });

  it('reuses valid certificates and writes the key private to the owner', async () => {
    const dir = process.env.SIM_CERT_DIR ?? '';
    const before = await readFile(`${dir}/server.pem`, 'utf8');
    const again = await ensureCertificates(dir);
    expect(again.certPem).toBe(before);
    expect((await stat(`${dir}/server-key.pem`)).mode & 0o777).toBe(0o600);
    const ca = new X509Certificate(again.caPem);
    const server = new X509Certificate(again.certPem);
    expect(ca.ca).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.subjectAltName).toContain('DNS:localhost');
    expect(server.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(server.subjectAltName).toMatch(/IP Address:0:0:0:0:0:0:0:1|IP Address:::1/);
  });
});

describe('without the CA in NODE_EXTRA_CA_CERTS', () => {
  it('a Node process refuses the simulator certificate (the trust above comes from the env, not luck)', async () => {
    const { execFile } = await import('node:child_process');
    const sim = await startTestSimulator();
    try {
      const env = { ...process.env };
      delete env.NODE_EXTRA_CA_CERTS;
      const script = `fetch(${JSON.stringify(`${sim.url}/_sim/health`)}).then(() => console.log('trusted'), (e) => console.log('refused', e.cause && e.cause.code))`;
      const output = await new Promise<string>((resolve, reject) =>
        execFile(process.execPath, ['-e', script], { env }, (err, stdout) =>
          err ? reject(new Error(err.message)) : resolve(stdout),
        ),
      );
      expect(output.trim()).toMatch(
        /^refused (SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)/,
      );
    } finally {
      await sim.close();
    }
  });
});
