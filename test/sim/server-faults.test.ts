// Fault injection, the call log and the control API, over real HTTPS.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  type ActiveFault,
  type CallRecord,
  type Simulator,
  type TokenRequestRecord,
} from '../../src/sim/index.js';
import { control, startTestSimulator } from '../helpers/sim.js';

describe('fault injection and call log', () => {
  let sim: Simulator;
  let auth: { authorization: string };
  beforeAll(async () => {
    sim = await startTestSimulator();
    auth = { authorization: `Bearer ${await sim.issueToken({ kind: 'app' })}` };
  });
  afterAll(async () => {
    await sim.close();
  });
  beforeEach(() => {
    sim.clearFaults();
    sim.clearCalls();
  });

  const machineId = () => {
    const machine = sim.mde.listMachines()[0];
    if (!machine) throw new Error('seeded tenant has no machines');
    return machine.id;
  };

  it('answers the next N matching calls with 429 + Retry-After in the MDE envelope, then recovers', async () => {
    sim.injectFault({ match: 'GET /api/machines', kind: '429', count: 2, retryAfterSeconds: 7 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${sim.url}/api/machines?$top=1`, { headers: auth });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.headers.get('retry-after')).toBe('7');
        const body = (await res.json()) as { error: { code: string; message: string; target: string } };
        expect(body.error.code).toBe('TooManyRequests');
        expect(body.error.target).toMatch(/^[0-9a-f-]{36}$/);
      } else {
        await res.body?.cancel();
      }
    }
    expect(statuses).toEqual([429, 429, 200]);
    expect(sim.faults()).toEqual([]);
    expect(sim.calls().map((c) => [c.status, c.fault])).toEqual([
      [429, '429'],
      [429, '429'],
      [200, undefined],
    ]);
  });

  it('matches globs on a path segment, also through /api/v1.0, and logs the JSON body sent', async () => {
    const id = machineId();
    sim.injectFault({ match: 'POST /api/machines/*/isolate', kind: '500' });
    const body = { Comment: 'beacon to known C2', IsolationType: 'Full' };
    const res = await fetch(`${sim.url}/api/v1.0/machines/${id}/isolate`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ error: { code: 'InternalServerError' } });
    const call: CallRecord | undefined = sim.calls()[0];
    expect(call).toMatchObject({
      method: 'POST',
      path: `/api/v1.0/machines/${id}/isolate`,
      body,
      status: 500,
      tokenKind: 'app',
      clientId: DEFAULT_CLIENT_ID,
      fault: '500',
    });
    // A GET on the same machine does not match the POST pattern.
    expect((await fetch(`${sim.url}/api/machines/${id}`, { headers: auth })).status).toBe(200);
  });

  it('supports regular expressions and 503', async () => {
    sim.injectFault({ match: '/^GET \\/api\\/alerts/i', kind: '503', retryAfterSeconds: 3 });
    const res = await fetch(`${sim.url}/api/alerts?$top=1`, { headers: auth });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(await res.json()).toMatchObject({ error: { code: 'ServiceUnavailable' } });
  });

  it('records query, body, status and who called for unfaulted calls', async () => {
    const token = await sim.issueToken({ kind: 'user', user: 'alex.analyst@contoso.com' });
    const res = await fetch(
      `${sim.url}/api/machines?$filter=${encodeURIComponent("computerDnsName eq 'web-07.contoso.local'")}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(res.status).toBe(200);
    const alex = [...sim.users.values()].find((u) => u.upn === 'alex.analyst@contoso.com');
    expect(sim.calls()).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/api/machines',
        query: { $filter: "computerDnsName eq 'web-07.contoso.local'" },
        body: null,
        status: 200,
        tokenKind: 'user',
        userOid: alex?.oid,
        upn: 'alex.analyst@contoso.com',
      }),
    ]);
  });

  it('can fault the Entra token endpoint too, with an OAuth-shaped body', async () => {
    sim.injectFault({ match: 'POST /*/oauth2/v2.0/token', kind: '503', retryAfterSeconds: 2 });
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: DEFAULT_CLIENT_ID,
      client_secret: DEFAULT_CLIENT_SECRET,
      scope: 'https://api.securitycenter.microsoft.com/.default',
    });
    const url = `${sim.url}/${sim.tenantId}/oauth2/v2.0/token`;
    const faulted = await fetch(url, { method: 'POST', body: form });
    expect(faulted.status).toBe(503);
    expect(faulted.headers.get('retry-after')).toBe('2');
    expect(await faulted.json()).toMatchObject({ error: 'server_error', error_codes: [90033] });
    expect((await fetch(url, { method: 'POST', body: form })).status).toBe(200);
  });

  it('holds a hung call open until the client gives up', async () => {
    sim.injectFault({ match: 'GET /api/machines/**', kind: 'hang' });
    const outcome = await fetch(`${sim.url}/api/machines/${machineId()}`, {
      headers: auth,
      signal: AbortSignal.timeout(500),
    }).then(
      (res) => `answered ${res.status}`,
      (err: Error) => err.name,
    );
    expect(outcome).toBe('TimeoutError');
  });
});

describe('hung calls and close()', () => {
  it('close() ends requests held by a hang fault', async () => {
    const sim = await startTestSimulator({ seed: false });
    sim.injectFault({ match: '**', kind: 'hang', count: 1 });
    const pending = fetch(`${sim.url}/api/machines`).then(
      (res) => `answered ${res.status}`,
      () => 'connection ended',
    );
    // The fault is used up once the request has reached the server and is being held.
    while (sim.faults().length > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await sim.close();
    expect(await pending).toBe('connection ended');
  });
});

describe('control API', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });

  it('lists apps without secrets and users with their MDE roles', async () => {
    const apps = await control<Record<string, unknown>[]>(sim, 'GET', '/apps');
    expect(apps[0]).toMatchObject({ clientId: DEFAULT_CLIENT_ID, hasSecret: true, hasCertificate: false });
    expect(JSON.stringify(apps)).not.toContain('sim-secret');
    expect(apps[0]).not.toHaveProperty('secret');
    const users = await control<{ upn: string; mdeRoles: string[]; deviceGroups: unknown }[]>(
      sim,
      'GET',
      '/users',
    );
    expect(users.map((u) => u.upn)).toEqual([
      'alex.analyst@contoso.com',
      'val.viewer@contoso.com',
      'sam.servers@contoso.com',
    ]);
    expect(users[2]?.deviceGroups).toEqual(['Servers']);
  });

  it('injects and clears faults, and reads the token-request log', async () => {
    const fault = await control<ActiveFault>(sim, 'POST', '/faults', {
      match: 'GET /api/alerts',
      kind: '429',
      count: 1,
    });
    expect(fault).toMatchObject({ match: 'GET /api/alerts', kind: '429', remaining: 1 });
    expect(await control<ActiveFault[]>(sim, 'GET', '/faults')).toHaveLength(1);
    await control(sim, 'DELETE', '/faults');
    expect(sim.faults()).toEqual([]);

    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: DEFAULT_CLIENT_ID,
      client_secret: 'wrong',
      scope: 'https://api.securitycenter.microsoft.com/.default',
    });
    const res = await fetch(`${sim.url}/${sim.tenantId}/oauth2/v2.0/token`, { method: 'POST', body: form });
    expect(res.status).toBe(401);
    const body = (await res.json()) as {
      error: string;
      error_codes: number[];
      error_description: string;
      correlation_id: string;
    };
    expect(body).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    expect(body.error_description).toMatch(/^AADSTS7000215: Invalid client secret provided/);
    const log = await control<TokenRequestRecord[]>(sim, 'GET', '/token-requests');
    expect(log.at(-1)).toMatchObject({
      grantType: 'client_credentials',
      clientId: DEFAULT_CLIENT_ID,
      success: false,
      status: 401,
    });
  });

  it('adds machines and alerts, drives actions, and resets', async () => {
    const machine = await control<{ id: string; computerDnsName: string }>(sim, 'POST', '/machines', {
      computerDnsName: 'ctl-01.contoso.local',
    });
    expect(sim.mde.listMachines().some((m) => m.id === machine.id)).toBe(true);
    const alert = await control<{ id: string; machineId: string }>(sim, 'POST', '/alerts', {
      title: 'Test alert',
      severity: 'High',
      machineId: machine.id,
    });
    expect(alert.machineId).toBe(machine.id);

    const token = await sim.issueToken({ kind: 'app' });
    const isolate = await fetch(`${sim.url}/api/machines/${machine.id}/isolate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ Comment: 'control api test', IsolationType: 'Full' }),
    });
    expect(isolate.status).toBe(201);
    const action = (await isolate.json()) as { id: string; status: string };
    const failed = await control<{ status: string }>(sim, 'POST', `/actions/${action.id}/fail`);
    expect(failed.status).toBe('Failed');

    const missing = await fetch(`${sim.url}/_sim/actions/${'0'.repeat(8)}/advance`, { method: 'POST' });
    expect(missing.status).toBe(404);
    const invalid = await fetch(`${sim.url}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ match: 'x', kind: '418' }),
    });
    expect(invalid.status).toBe(400);

    await control(sim, 'POST', '/reset', { seed: false });
    expect(sim.mde.listMachines()).toEqual([]);
    expect(sim.calls()).toEqual([]);
  });
});
