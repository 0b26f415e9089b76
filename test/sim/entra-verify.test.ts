// The verifier the MDE half trusts: our signature, the v1 issuer, expiry and an MDE audience.
import { randomUUID } from 'node:crypto';
import { generateKeyPair, SignJWT, decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenRejected, type Simulator } from '../../src/sim/index.js';
import { startTestSimulator } from '../helpers/sim.js';

async function rejection(promise: Promise<unknown>): Promise<TokenRejected> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof TokenRejected)) throw new Error(`expected TokenRejected, got ${String(err)}`);
  return err;
}

describe('access token verification', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });

  const machines = (authorization?: string) =>
    fetch(`${sim.url}/api/machines?$top=1`, { headers: authorization ? { authorization } : {} });

  it('accepts the three MDE audiences', async () => {
    for (const audience of [
      'https://api.securitycenter.microsoft.com',
      'https://securitycenter.onmicrosoft.com/windowsatpservice',
      'https://api.securitycenter.windows.com',
    ]) {
      const token = await sim.issueToken({ kind: 'app', audience });
      await expect(sim.verifyAccessToken(`Bearer ${token}`)).resolves.toMatchObject({ aud: audience });
      expect((await machines(`Bearer ${token}`)).status).toBe(200);
    }
  });

  it('rejects a valid token for another audience with 403', async () => {
    const token = await sim.issueToken({ kind: 'app', audience: 'https://graph.microsoft.com' });
    expect((await rejection(sim.verifyAccessToken(`Bearer ${token}`))).status).toBe(403);
    expect((await machines(`Bearer ${token}`)).status).toBe(403);
  });

  it('rejects an expired token with 401', async () => {
    const token = await sim.issueToken({ kind: 'app', lifetimeSeconds: -60 });
    expect((decodeJwt(token).exp ?? 0) * 1000).toBeLessThan(Date.now());
    expect((await rejection(sim.verifyAccessToken(`Bearer ${token}`))).status).toBe(401);
    expect((await machines(`Bearer ${token}`)).status).toBe(401);
  });

  it('rejects a token with the right claims signed by another key with 401', async () => {
    const genuine = decodeJwt(await sim.issueToken({ kind: 'app' }));
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(genuine)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'forged' })
      .sign(privateKey);
    expect((await rejection(sim.verifyAccessToken(`Bearer ${forged}`))).status).toBe(401);
    expect((await machines(`Bearer ${forged}`)).status).toBe(401);
  });

  it('rejects a token from another tenant or issuer with 401', async () => {
    const v2 = await sim.issueToken({
      kind: 'user',
      version: '2.0',
      audience: 'https://api.securitycenter.microsoft.com',
    });
    expect((await rejection(sim.verifyAccessToken(`Bearer ${v2}`))).status).toBe(401);
  });

  it('rejects a missing or garbled Authorization header with 401', async () => {
    for (const header of [
      undefined,
      '',
      'Bearer',
      'Bearer not-a-jwt',
      'Basic dXNlcjpwYXNz',
      `Bearer ${randomUUID()}.${randomUUID()}.x`,
    ]) {
      expect((await rejection(sim.verifyAccessToken(header))).status).toBe(401);
    }
    expect((await machines()).status).toBe(401);
    expect(sim.calls().at(-1)).toMatchObject({ tokenKind: 'none', status: 401 });
  });

  it('returns the claims of user tokens, for the MDE half to apply the user RBAC', async () => {
    const token = await sim.issueToken({
      kind: 'user',
      user: 'sam.servers@contoso.com',
      scopes: ['Machine.Read'],
    });
    const claims = await sim.verifyAccessToken(`bearer ${token}`);
    expect(claims).toMatchObject({
      scp: 'Machine.Read',
      upn: 'sam.servers@contoso.com',
      name: 'Sam Servers',
      ver: '1.0',
      tid: sim.tenantId,
    });
    expect(claims.roles).toBeUndefined();
  });
});
