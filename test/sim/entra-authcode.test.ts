// User sign-in through the simulator: /authorize with PKCE S256, msal-node acquireTokenByCode,
// refresh after expiry, and on-behalf-of.
import { randomUUID } from 'node:crypto';
import { ConfidentialClientApplication, CryptoProvider } from '@azure/msal-node';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  MDE_DELEGATED_PERMISSIONS,
  type Simulator,
} from '../../src/sim/index.js';
import { msalAuth, expectMsalFailure, startTestSimulator } from '../helpers/sim.js';

const MDE = 'https://api.securitycenter.microsoft.com';
const REDIRECT_URI = 'http://localhost:3978/auth/callback';
const VIEWER = 'val.viewer@contoso.com';

interface SignIn {
  code: string;
  verifier: string;
  state: string;
  clientInfo: string;
}

describe('authorization code + PKCE through msal-node', () => {
  let sim: Simulator;
  let cca: ConfidentialClientApplication;
  const pkce = new CryptoProvider();

  /** Runs /authorize like a browser would, stopping at the redirect back to the bot. */
  async function signIn(scopes: string[], loginHint = VIEWER): Promise<SignIn> {
    const { verifier, challenge } = await pkce.generatePkceCodes();
    const state = randomUUID();
    const url = await cca.getAuthCodeUrl({
      scopes,
      redirectUri: REDIRECT_URI,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
      state,
      loginHint,
    });
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get('error')).toBeNull();
    return {
      code: location.searchParams.get('code') ?? '',
      verifier,
      state: location.searchParams.get('state') ?? '',
      clientInfo: location.searchParams.get('client_info') ?? '',
    };
  }

  beforeAll(async () => {
    // Below MSAL's 5-minute refresh offset, so every silent call has to use the refresh token.
    sim = await startTestSimulator({ accessTokenLifetimeSeconds: 120 });
    cca = new ConfidentialClientApplication({
      auth: { clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET, ...msalAuth(sim) },
    });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('signs the hinted user in and redeems the code for delegated MDE tokens', async () => {
    const scopes = [`${MDE}/Machine.Read`, `${MDE}/Alert.Read`];
    const signed = await signIn(scopes);
    expect(signed.code).toBeTruthy();
    const viewer = [...sim.users.values()].find((u) => u.upn === VIEWER);
    expect(JSON.parse(Buffer.from(signed.clientInfo, 'base64url').toString())).toEqual({
      uid: viewer?.oid,
      utid: sim.tenantId,
    });

    const result = await cca.acquireTokenByCode({
      code: signed.code,
      scopes,
      redirectUri: REDIRECT_URI,
      codeVerifier: signed.verifier,
    });
    expect(result.account?.username).toBe(VIEWER);
    expect(result.account?.homeAccountId).toBe(`${viewer?.oid}.${sim.tenantId}`);
    expect(result.idTokenClaims).toMatchObject({
      aud: DEFAULT_CLIENT_ID,
      oid: viewer?.oid,
      preferred_username: VIEWER,
      tid: sim.tenantId,
      ver: '2.0',
    });
    const claims = decodeJwt(result.accessToken);
    expect(claims).toMatchObject({
      aud: MDE,
      ver: '1.0',
      scp: 'Machine.Read Alert.Read',
      upn: VIEWER,
      oid: viewer?.oid,
      appid: DEFAULT_CLIENT_ID,
      tid: sim.tenantId,
      name: 'Val Viewer',
    });
    expect(claims.roles).toBeUndefined();

    const res = await fetch(`${sim.url}/api/machines?$top=1`, {
      headers: { authorization: `Bearer ${result.accessToken}` },
    });
    expect(res.status).toBe(200);
    expect(sim.calls().at(-1)).toMatchObject({
      tokenKind: 'user',
      userOid: viewer?.oid,
      clientId: DEFAULT_CLIENT_ID,
    });
  });

  it('grants all consented delegated permissions for /.default', async () => {
    const signed = await signIn([`${MDE}/.default`]);
    const result = await cca.acquireTokenByCode({
      code: signed.code,
      scopes: [`${MDE}/.default`],
      redirectUri: REDIRECT_URI,
      codeVerifier: signed.verifier,
    });
    expect(String(decodeJwt(result.accessToken).scp).split(' ')).toEqual(MDE_DELEGATED_PERMISSIONS);
  });

  it('refreshes an expiring token silently with the refresh token', async () => {
    const scopes = [`${MDE}/Machine.Isolate`];
    const signed = await signIn(scopes, 'alex.analyst@contoso.com');
    const first = await cca.acquireTokenByCode({
      code: signed.code,
      scopes,
      redirectUri: REDIRECT_URI,
      codeVerifier: signed.verifier,
    });
    sim.clearTokenRequests();
    const account = first.account;
    if (!account) throw new Error('no account');
    const second = await cca.acquireTokenSilent({ account, scopes });
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(decodeJwt(second.accessToken)).toMatchObject({
      upn: 'alex.analyst@contoso.com',
      scp: 'Machine.Isolate',
    });
    expect(sim.tokenRequests()).toEqual([
      expect.objectContaining({ grantType: 'refresh_token', clientId: DEFAULT_CLIENT_ID, success: true }),
    ]);
  });

  it('refuses a wrong code_verifier (AADSTS50148) and then the code is used up', async () => {
    const scopes = [`${MDE}/Machine.Read`];
    const signed = await signIn(scopes);
    const other = await pkce.generatePkceCodes();
    await expectMsalFailure(
      cca.acquireTokenByCode({
        code: signed.code,
        scopes,
        redirectUri: REDIRECT_URI,
        codeVerifier: other.verifier,
      }),
      { errorCode: 'invalid_grant', aadsts: 'AADSTS50148' },
    );
    await expectMsalFailure(
      cca.acquireTokenByCode({
        code: signed.code,
        scopes,
        redirectUri: REDIRECT_URI,
        codeVerifier: signed.verifier,
      }),
      { aadsts: 'AADSTS54005' },
    );
  });

  it('refuses a reused code (AADSTS54005) and a different redirect_uri (AADSTS500112)', async () => {
    const scopes = [`${MDE}/Machine.Read`];
    const signed = await signIn(scopes);
    await cca.acquireTokenByCode({
      code: signed.code,
      scopes,
      redirectUri: REDIRECT_URI,
      codeVerifier: signed.verifier,
    });
    await expectMsalFailure(
      cca.acquireTokenByCode({
        code: signed.code,
        scopes,
        redirectUri: REDIRECT_URI,
        codeVerifier: signed.verifier,
      }),
      { errorCode: 'invalid_grant', aadsts: 'AADSTS54005' },
    );
    const again = await signIn(scopes);
    await expectMsalFailure(
      cca.acquireTokenByCode({
        code: again.code,
        scopes,
        redirectUri: 'http://localhost:3978/elsewhere',
        codeVerifier: again.verifier,
      }),
      { aadsts: 'AADSTS500112' },
    );
  });

  it('refuses /authorize without PKCE S256, and redirects the error with the state', async () => {
    const base = `${sim.url}/${sim.tenantId}/oauth2/v2.0/authorize`;
    const common: Record<string, string> = {
      client_id: DEFAULT_CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: `${MDE}/Machine.Read openid`,
      state: 's1',
    };
    for (const extra of [{}, { code_challenge: 'x'.repeat(43), code_challenge_method: 'plain' }] as Record<
      string,
      string
    >[]) {
      const res = await fetch(`${base}?${new URLSearchParams({ ...common, ...extra }).toString()}`, {
        redirect: 'manual',
      });
      expect(res.status).toBe(302);
      const location = new URL(res.headers.get('location') ?? '');
      expect(location.searchParams.get('error')).toBe('invalid_request');
      expect(location.searchParams.get('state')).toBe('s1');
      expect(location.searchParams.get('code')).toBeNull();
    }
    const unknownClient = await fetch(
      `${base}?${new URLSearchParams({ ...common, client_id: randomUUID() }).toString()}`,
      { redirect: 'manual' },
    );
    expect(unknownClient.status).toBe(400);
    expect(await unknownClient.json()).toMatchObject({ error: 'unauthorized_client', error_codes: [700016] });
  });

  it('asks for consent when a delegated permission was never granted', async () => {
    const scopes = [`${MDE}/Machine.Offboard`];
    const signed = await signIn(scopes);
    await expectMsalFailure(
      cca.acquireTokenByCode({
        code: signed.code,
        scopes,
        redirectUri: REDIRECT_URI,
        codeVerifier: signed.verifier,
      }),
      { aadsts: 'AADSTS65001' },
    );
  });
});

describe('on-behalf-of through msal-node', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });

  it("exchanges a user's token for the bot's API for a delegated MDE token for the same user", async () => {
    // A front-end client (think Teams SSO) signs the user in for the bot's own API...
    const frontEnd = {
      clientId: randomUUID(),
      displayName: 'front end',
      secret: 'front-secret',
      certificatePem: undefined,
      appRoles: [],
      delegatedScopes: [],
    };
    sim.addApp(frontEnd);
    const front = new ConfidentialClientApplication({
      auth: { clientId: frontEnd.clientId, clientSecret: frontEnd.secret, ...msalAuth(sim) },
    });
    const pkce = await new CryptoProvider().generatePkceCodes();
    const apiScope = `api://${DEFAULT_CLIENT_ID}/access_as_user`;
    const authUrl = await front.getAuthCodeUrl({
      scopes: [apiScope],
      redirectUri: REDIRECT_URI,
      codeChallenge: pkce.challenge,
      codeChallengeMethod: 'S256',
      state: 'st',
      loginHint: 'alex.analyst@contoso.com',
    });
    const redirect = new URL((await fetch(authUrl, { redirect: 'manual' })).headers.get('location') ?? '');
    const userToken = await front.acquireTokenByCode({
      code: redirect.searchParams.get('code') ?? '',
      scopes: [apiScope],
      redirectUri: REDIRECT_URI,
      codeVerifier: pkce.verifier,
    });
    expect(decodeJwt(userToken.accessToken)).toMatchObject({
      aud: DEFAULT_CLIENT_ID,
      azp: frontEnd.clientId,
      scp: 'access_as_user',
      ver: '2.0',
    });

    // ...and the bot trades it for an MDE token.
    const bot = new ConfidentialClientApplication({
      auth: { clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET, ...msalAuth(sim) },
    });
    const obo = await bot.acquireTokenOnBehalfOf({
      oboAssertion: userToken.accessToken,
      scopes: [`${MDE}/.default`],
    });
    const claims = await sim.verifyAccessToken(`Bearer ${obo?.accessToken}`);
    expect(claims).toMatchObject({ aud: MDE, appid: DEFAULT_CLIENT_ID, upn: 'alex.analyst@contoso.com' });
    expect(claims.scp?.split(' ')).toEqual(MDE_DELEGATED_PERMISSIONS);
    expect(sim.tokenRequests().at(-1)).toMatchObject({
      grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      clientId: DEFAULT_CLIENT_ID,
      success: true,
    });
  });

  it('refuses an assertion meant for another app, and an MDE token as assertion', async () => {
    const otherApp = {
      clientId: randomUUID(),
      displayName: 'other',
      secret: 'other-secret',
      certificatePem: undefined,
      appRoles: [],
      delegatedScopes: [],
    };
    sim.addApp(otherApp);
    const forOther = await sim.issueToken({ kind: 'user', version: '2.0', clientId: otherApp.clientId });
    const bot = new ConfidentialClientApplication({
      auth: { clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET, ...msalAuth(sim) },
    });
    await expectMsalFailure(
      bot.acquireTokenOnBehalfOf({ oboAssertion: forOther, scopes: [`${MDE}/.default`] }),
      { errorCode: 'invalid_grant', aadsts: 'AADSTS50013' },
    );
    const mdeToken = await sim.issueToken({ kind: 'user' });
    await expectMsalFailure(
      bot.acquireTokenOnBehalfOf({ oboAssertion: mdeToken, scopes: [`${MDE}/.default`] }),
      { errorCode: 'invalid_grant' },
    );
  });
});
