// App-context tokens through the bot's own AppTokenProvider: a secret or a certificate file, MSAL
// logs routed to our logger with nothing secret in them.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import { AppTokenProvider } from '../../src/identity/index.js';
import { DEFAULT_CLIENT_SECRET, generateClientCertificate, type Simulator } from '../../src/sim/index.js';
import { simAzureConfig } from '../helpers/defender.js';
import { startTestSimulator } from '../helpers/sim.js';

let sim: Simulator;
let dir: string;

beforeAll(async () => {
  sim = await startTestSimulator();
  dir = await mkdtemp(join(tmpdir(), 'defbot-cert-'));
});
afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

function capture() {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  return { logger: createLogger({ level: 'debug', destination: stream }), text: () => chunks.join('') };
}

describe('AppTokenProvider', () => {
  it('reports an Entra outage as TRANSIENT (retryable), a bad credential as UNAUTHORIZED', async () => {
    const provider = () =>
      new AppTokenProvider({
        azure: simAzureConfig(sim),
        scope: 'https://api.securitycenter.microsoft.com/.default',
        logger: createLogger({ level: 'silent' }),
      });
    sim.injectFault({ match: `POST /${sim.tenantId}/oauth2/v2.0/token`, kind: '503', count: 5 });
    await expect(provider().getToken()).rejects.toMatchObject({ code: 'TRANSIENT' });
    sim.clearFaults();
    // MSAL itself holds back a client that just saw a 5xx (its throttling cache); a fresh one goes through.
    await expect(provider().getToken()).resolves.toMatch(/^eyJ/);
  });

  it('acquires an app token with a certificate file (PEM key + certificate), never sending a secret', async () => {
    const clientId = randomUUID();
    const certificate = await generateClientCertificate('defbot-test');
    sim.addApp({
      clientId,
      displayName: 'defbot-cert',
      secret: undefined,
      certificatePem: certificate.certPem,
      appRoles: ['Machine.Read.All'],
      delegatedScopes: [],
    });
    const path = join(dir, 'defbot.pem');
    await writeFile(path, `${certificate.keyPem}\n${certificate.certPem}`, { mode: 0o600 });
    const { logger, text } = capture();
    const provider = new AppTokenProvider({
      azure: simAzureConfig(sim, { clientId, credential: { kind: 'certificate', certificatePath: path } }),
      scope: 'https://api.securitycenter.microsoft.com/.default',
      logger,
    });
    const token = await provider.getToken();
    const claims = decodeJwt(token);
    expect(claims.appid).toBe(clientId);
    expect(claims.roles).toEqual(['Machine.Read.All']);
    expect(claims.aud).toBe('https://api.securitycenter.microsoft.com');
    const request = sim.tokenRequests().find((r) => r.clientId === clientId)!;
    expect(request.success).toBe(true);
    expect(text()).not.toContain(token);
    expect(text()).not.toContain(certificate.keyPem.split('\n')[1]!);
  });

  it('shares one token request among concurrent callers and refreshes on demand', async () => {
    const provider = new AppTokenProvider({
      azure: simAzureConfig(sim),
      scope: 'https://api.securitycenter.microsoft.com/.default',
      logger: createLogger({ level: 'silent' }),
    });
    sim.clearTokenRequests();
    const tokens = await Promise.all(Array.from({ length: 20 }, () => provider.getToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(sim.tokenRequests()).toHaveLength(1);
    const refreshed = await provider.getToken({ forceRefresh: true });
    expect(sim.tokenRequests()).toHaveLength(2);
    expect(decodeJwt(refreshed).appid).toBe(decodeJwt(tokens[0]!).appid);
  });

  it('a wrong secret fails with a message naming what to check and logs no secret', async () => {
    const { logger, text } = capture();
    const provider = new AppTokenProvider({
      azure: simAzureConfig(sim, { credential: { kind: 'secret', clientSecret: 'wrong-secret-value-123' } }),
      scope: 'https://api.securitycenter.microsoft.com/.default',
      logger,
    });
    await expect(provider.getToken()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(text()).toContain('app token acquisition failed');
    expect(text()).not.toContain('wrong-secret-value-123');
    expect(text()).not.toContain(DEFAULT_CLIENT_SECRET);
  });
});
