// Test harness for the MDE router: a plain-HTTP express app on 127.0.0.1:0, an injected clock, and a
// stand-in token verifier that reads unsigned test claims (the real Entra half signs and verifies JWTs).
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createMdeApi, type MdeSimApi } from '../../src/sim/mde/index.js';
import {
  TokenRejected,
  type AccessTokenClaims,
  type MdeApiOptions,
  type SimApp,
  type SimUser,
} from '../../src/sim/types.js';

export const TENANT_ID = '8f1c0b5e-5c43-4a55-9d6e-7d8d0f0f1a11';
export const BOT_APP_ID = '11111111-2222-3333-4444-555555555555';
export const OTHER_APP_ID = '99999999-8888-7777-6666-555555555555';
export const START_MS = Date.parse('2026-03-02T09:00:00.000Z');

export const ALL_APP_ROLES = [
  'Machine.Read.All',
  'Machine.ReadWrite.All',
  'Machine.Isolate',
  'Machine.Scan',
  'Machine.RestrictExecution',
  'Machine.CollectForensics',
  'Alert.ReadWrite.All',
  'AdvancedQuery.Read.All',
];

export const USERS: Record<'lead' | 'workstationResponder' | 'viewer' | 'investigator' | 'nobody', SimUser> =
  {
    lead: {
      oid: 'oid-lead',
      upn: 'lead@contoso.com',
      displayName: 'SecOps Lead',
      mdeRoles: ['ViewData', 'ActiveRemediationActions', 'AlertsInvestigation'],
      deviceGroups: '*',
    },
    workstationResponder: {
      oid: 'oid-ws',
      upn: 'ws.responder@contoso.com',
      displayName: 'WS Responder',
      mdeRoles: ['ViewData', 'ActiveRemediationActions'],
      deviceGroups: ['Workstations'],
    },
    viewer: {
      oid: 'oid-viewer',
      upn: 'viewer@contoso.com',
      displayName: 'Viewer',
      mdeRoles: ['ViewData'],
      deviceGroups: '*',
    },
    investigator: {
      oid: 'oid-inv',
      upn: 'investigator@contoso.com',
      displayName: 'Investigator',
      mdeRoles: ['ViewData', 'AlertsInvestigation'],
      deviceGroups: ['Finance', 'Ungrouped devices (default)'],
    },
    nobody: {
      oid: 'oid-nobody',
      upn: 'nobody@contoso.com',
      displayName: 'Nobody',
      mdeRoles: [],
      deviceGroups: [],
    },
  };

const APPS: SimApp[] = [
  {
    clientId: BOT_APP_ID,
    displayName: 'DefBot',
    secret: 's',
    certificatePem: undefined,
    appRoles: ALL_APP_ROLES,
    delegatedScopes: [],
  },
  {
    clientId: OTHER_APP_ID,
    displayName: 'Other App',
    secret: 's',
    certificatePem: undefined,
    appRoles: [],
    delegatedScopes: [],
  },
];

export class TestClock {
  constructor(public nowMs = START_MS) {}
  now(): number {
    return this.nowMs;
  }
  advance(ms: number): void {
    this.nowMs += ms;
  }
}

function claims(extra: Partial<AccessTokenClaims>): AccessTokenClaims {
  return {
    aud: 'https://api.securitycenter.microsoft.com',
    iss: `https://sts.windows.net/${TENANT_ID}/`,
    tid: TENANT_ID,
    appid: BOT_APP_ID,
    oid: 'app-oid',
    iat: 0,
    exp: 0,
    ver: '1.0',
    ...extra,
  };
}

const encode = (value: AccessTokenClaims): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export const appToken = (roles: string[] = ALL_APP_ROLES, appid = BOT_APP_ID): string =>
  encode(claims({ roles, appid }));
export const userToken = (user: SimUser, scp: string): string =>
  encode(claims({ oid: user.oid, upn: user.upn, scp }));

/** Stand-in for the Entra half's verifier: "Bearer <base64url JSON claims>"; "Bearer expired" -> 401. */
async function verifyTestToken(header: string | undefined): Promise<AccessTokenClaims> {
  await Promise.resolve();
  const token = /^Bearer (.+)$/.exec(header ?? '')?.[1];
  if (token === undefined || token === 'expired')
    throw new TokenRejected('Authorization header is invalid or expired', 401);
  if (token === 'wrong-audience') throw new TokenRejected('Invalid audience', 403);
  return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as AccessTokenClaims;
}

export interface Harness {
  baseUrl: string;
  api: MdeSimApi;
  clock: TestClock;
  call(
    method: string,
    path: string,
    init?: { token?: string | null; body?: unknown; rawBody?: string; contentType?: string },
  ): Promise<Response>;
  json(
    method: string,
    path: string,
    init?: { token?: string | null; body?: unknown },
  ): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }>;
  close(): Promise<void>;
}

export async function startHarness(overrides: Partial<MdeApiOptions> = {}): Promise<Harness> {
  const clock = new TestClock();
  let baseUrl = '';
  const api = createMdeApi({
    clock,
    tenantId: TENANT_ID,
    verifyAccessToken: verifyTestToken,
    users: new Map(Object.values(USERS).map((user) => [user.oid, user])),
    apps: new Map(APPS.map((app) => [app.clientId, app])),
    rateLimits: {
      standard: [{ limit: 1000, windowMs: 60_000 }],
      packageUri: [{ limit: 1000, windowMs: 60_000 }],
      hunting: [{ limit: 1000, windowMs: 60_000 }],
    },
    lifecycle: { pendingMs: 10_000, inProgressMs: 20_000 },
    publicUrl: () => baseUrl,
    seed: true,
    ...overrides,
  });
  const app = express();
  // Mounted like the server does; /api first proves the router does not swallow /api/v1.0/... paths.
  app.use('/api', api.router);
  app.use('/api/v1.0', api.router);
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const call: Harness['call'] = (method, path, init = {}) => {
    const token = init.token === undefined ? appToken() : init.token;
    const headers: Record<string, string> = {};
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let body: string | undefined = init.rawBody;
    if (init.body !== undefined) body = JSON.stringify(init.body);
    if (body !== undefined) headers['content-type'] = init.contentType ?? 'application/json';
    return fetch(`${baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  };
  return {
    baseUrl,
    api,
    clock,
    call,
    async json(method, path, init) {
      const response = await call(method, path, init);
      return {
        status: response.status,
        body: (await response.json()) as Record<string, unknown>,
        headers: response.headers,
      };
    },
    close: () =>
      new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** `'x'` with quotes doubled, as OData wants a string literal. */
export const odataString = (value: string): string => `'${value.replace(/'/g, "''")}'`;
export const q = (value: string): string => encodeURIComponent(value);
