// msal-node 7 against the simulator's Entra ID: client credentials (secret and certificate), with
// the token shapes MDE clients rely on, and the token-request log.
import { randomUUID } from 'node:crypto';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  MDE_APPLICATION_PERMISSIONS,
  generateClientCertificate,
  servicePrincipalId,
  type Simulator,
} from '../../src/sim/index.js';
import { msalAuth, expectMsalFailure, startTestSimulator } from '../helpers/sim.js';

const MDE_SCOPE = 'https://api.securitycenter.microsoft.com/.default';

describe('client credentials through msal-node', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });
  beforeEach(() => {
    sim.clearTokenRequests();
    sim.clearCalls();
  });

  it('acquires an app token with a secret, in the v1 shape of a real MDE app token, and caches it', async () => {
    const cca = new ConfidentialClientApplication({
      auth: { clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET, ...msalAuth(sim) },
    });
    const first = await cca.acquireTokenByClientCredential({ scopes: [MDE_SCOPE] });
    expect(first?.accessToken).toBeTruthy();
    const claims = decodeJwt(first?.accessToken ?? '');
    expect(claims).toMatchObject({
      ver: '1.0',
      iss: `https://sts.windows.net/${sim.tenantId}/`,
      aud: 'https://api.securitycenter.microsoft.com',
      appid: DEFAULT_CLIENT_ID,
      appidacr: '1',
      tid: sim.tenantId,
      oid: servicePrincipalId(DEFAULT_CLIENT_ID),
      idtyp: 'app',
    });
    expect(claims.roles).toEqual(MDE_APPLICATION_PERMISSIONS);
    expect(claims.scp).toBeUndefined();
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600);
    expect(decodeProtectedHeader(first?.accessToken ?? '')).toMatchObject({ alg: 'RS256', typ: 'JWT' });

    const verified = await sim.verifyAccessToken(`Bearer ${first?.accessToken}`);
    expect(verified).toMatchObject({ appid: DEFAULT_CLIENT_ID, roles: MDE_APPLICATION_PERMISSIONS });

    const second = await cca.acquireTokenByClientCredential({ scopes: [MDE_SCOPE] });
    expect(second?.fromCache).toBe(true);
    expect(sim.tokenRequests()).toEqual([
      expect.objectContaining({
        grantType: 'client_credentials',
        clientId: DEFAULT_CLIENT_ID,
        scope: MDE_SCOPE,
        success: true,
        status: 200,
      }),
    ]);
  });

  it('counts one token request for many Defender calls made with the cached token', async () => {
    const cca = new ConfidentialClientApplication({
      auth: { clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET, ...msalAuth(sim) },
    });
    for (let i = 0; i < 3; i++) {
      const token = await cca.acquireTokenByClientCredential({ scopes: [MDE_SCOPE] });
      const res = await fetch(`${sim.url}/api/machines?$top=1`, {
        headers: { authorization: `Bearer ${token?.accessToken}` },
      });
      expect(res.status).toBe(200);
    }
    expect(sim.tokenRequests()).toHaveLength(1);
    expect(sim.calls().map((c) => [c.method, c.path, c.status, c.tokenKind, c.clientId])).toEqual(
      Array.from({ length: 3 }, () => ['GET', '/api/machines', 200, 'app', DEFAULT_CLIENT_ID]),
    );
  });

  it('accepts the windowsatpservice identifier URI as the same resource', async () => {
    const cca = new ConfidentialClientApplication({
      auth: { clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET, ...msalAuth(sim) },
    });
    const result = await cca.acquireTokenByClientCredential({
      scopes: ['https://securitycenter.onmicrosoft.com/windowsatpservice/.default'],
    });
    const claims = await sim.verifyAccessToken(`Bearer ${result?.accessToken}`);
    expect(claims.aud).toBe('https://securitycenter.onmicrosoft.com/windowsatpservice');
  });

  it('refuses a wrong secret with AADSTS7000215 (401 invalid_client) and logs the failure', async () => {
    const cca = new ConfidentialClientApplication({
      auth: { clientId: DEFAULT_CLIENT_ID, clientSecret: 'not-the-secret', ...msalAuth(sim) },
    });
    await expectMsalFailure(cca.acquireTokenByClientCredential({ scopes: [MDE_SCOPE] }), {
      errorCode: 'invalid_client',
      aadsts: 'AADSTS7000215',
    });
    expect(sim.tokenRequests()).toEqual([
      expect.objectContaining({ success: false, status: 401, error: 'invalid_client AADSTS7000215' }),
    ]);
  });

  it('refuses an unknown client and a scope that is not <resource>/.default', async () => {
    const stranger = new ConfidentialClientApplication({
      auth: { clientId: randomUUID(), clientSecret: 'x', ...msalAuth(sim) },
    });
    await expectMsalFailure(stranger.acquireTokenByClientCredential({ scopes: [MDE_SCOPE] }), {
      errorCode: 'unauthorized_client',
      aadsts: 'AADSTS700016',
    });
    const cca = new ConfidentialClientApplication({
      auth: { clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET, ...msalAuth(sim) },
    });
    await expectMsalFailure(
      cca.acquireTokenByClientCredential({
        scopes: ['https://api.securitycenter.microsoft.com/Machine.Read.All'],
      }),
      { errorCode: 'invalid_scope', aadsts: 'AADSTS1002012' },
    );
    await expectMsalFailure(
      cca.acquireTokenByClientCredential({ scopes: ['https://unknown.example.com/.default'] }),
      { errorCode: 'invalid_resource', aadsts: 'AADSTS500011' },
    );
  });

  it('acquires an app token with a certificate (client assertion signed by the registered key)', async () => {
    const cert = await generateClientCertificate('defbot-cert-test');
    const clientId = randomUUID();
    sim.addApp({
      clientId,
      displayName: 'cert app',
      secret: undefined,
      certificatePem: cert.certPem,
      appRoles: ['Machine.Read.All'],
      delegatedScopes: [],
    });
    const cca = new ConfidentialClientApplication({
      auth: {
        clientId,
        clientCertificate: {
          thumbprintSha256: cert.thumbprintSha256,
          privateKey: cert.keyPem,
          x5c: cert.certPem,
        },
        ...msalAuth(sim),
      },
    });
    const result = await cca.acquireTokenByClientCredential({ scopes: [MDE_SCOPE] });
    expect(decodeJwt(result?.accessToken ?? '')).toMatchObject({
      appid: clientId,
      appidacr: '2',
      roles: ['Machine.Read.All'],
    });
  });

  it('refuses a client assertion signed by a certificate the app does not have', async () => {
    const registered = await generateClientCertificate('registered');
    const other = await generateClientCertificate('impostor');
    const clientId = randomUUID();
    sim.addApp({
      clientId,
      displayName: 'cert app 2',
      secret: undefined,
      certificatePem: registered.certPem,
      appRoles: [],
      delegatedScopes: [],
    });
    const withOtherCert = new ConfidentialClientApplication({
      auth: {
        clientId,
        clientCertificate: { thumbprintSha256: other.thumbprintSha256, privateKey: other.keyPem },
        ...msalAuth(sim),
      },
    });
    await expectMsalFailure(withOtherCert.acquireTokenByClientCredential({ scopes: [MDE_SCOPE] }), {
      errorCode: 'invalid_client',
      aadsts: 'AADSTS700027',
    });
    // The right thumbprint but the wrong key: the signature check catches it.
    const wrongKey = new ConfidentialClientApplication({
      auth: {
        clientId,
        clientCertificate: { thumbprintSha256: registered.thumbprintSha256, privateKey: other.keyPem },
        ...msalAuth(sim),
      },
    });
    await expectMsalFailure(wrongKey.acquireTokenByClientCredential({ scopes: [MDE_SCOPE] }), {
      errorCode: 'invalid_client',
    });
  });
});
