import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SimMachine } from '../../src/sim/types.js';
import { OTHER_APP_ID, USERS, appToken, startHarness, userToken, type Harness } from './mde-harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const machineIn = (group: string | null): SimMachine =>
  h.api.control.listMachines().find((m) => m.rbacGroupName === group) as SimMachine;
const errorOf = (body: Record<string, unknown>) =>
  body.error as { code: string; message: string; target: string };
const isolate = (token: string, machine = machineIn('Workstations')) =>
  h.json('POST', `/api/machines/${machine.id}/isolate`, { token, body: { Comment: 'c' } });

describe('tokens', () => {
  it('answers a missing or rejected token with the verifier status and the MDE envelope', async () => {
    const missing = await h.json('GET', '/api/machines', { token: null });
    expect(missing.status).toBe(401);
    expect(errorOf(missing.body)).toMatchObject({ code: 'Unauthorized' });
    expect(errorOf(missing.body).target).toMatch(/^[0-9a-f-]{36}$/);
    const audience = await h.json('GET', '/api/alerts', { token: 'wrong-audience' });
    expect(audience.status).toBe(403);
    expect(errorOf(audience.body)).toMatchObject({ code: 'Forbidden', message: 'Invalid audience' });
  });
});

describe('application permissions', () => {
  it.each([
    ['GET', '/api/machines', undefined, 'Machine.Read.All or Machine.ReadWrite.All'],
    ['GET', '/api/machineactions', undefined, 'Machine.Read.All or Machine.ReadWrite.All'],
    ['GET', '/api/alerts', undefined, 'Alert.Read.All or Alert.ReadWrite.All'],
    ['POST', '/api/advancedqueries/run', { Query: 'DeviceInfo | take 1' }, 'AdvancedQuery.Read.All'],
    ['POST', '/api/machines/MID/isolate', { Comment: 'c' }, 'Machine.Isolate'],
    ['POST', '/api/machines/MID/unisolate', { Comment: 'c' }, 'Machine.Isolate'],
    ['POST', '/api/machines/MID/runAntiVirusScan', { Comment: 'c', ScanType: 'Quick' }, 'Machine.Scan'],
    ['POST', '/api/machines/MID/collectInvestigationPackage', { Comment: 'c' }, 'Machine.CollectForensics'],
    ['POST', '/api/machines/MID/restrictCodeExecution', { Comment: 'c' }, 'Machine.RestrictExecution'],
  ])('%s %s needs %s', async (method, path, body, permission) => {
    const url = path.replace('MID', machineIn('Servers').id);
    const denied = await h.json(method, url, { token: appToken([], OTHER_APP_ID), body });
    expect(denied.status).toBe(403);
    expect(errorOf(denied.body)).toMatchObject({
      code: 'Forbidden',
      message: `Missing application permission ${permission}`,
    });
    const allowed = await h.json(method, url, { token: appToken(permission.split(' or ').slice(-1)), body });
    expect(allowed.status).toBeLessThan(300);
  });

  it('PATCH of an alert needs Alert.ReadWrite.All, Alert.Read.All is not enough', async () => {
    const alert = h.api.control.listAlerts()[0];
    const path = `/api/alerts/${alert?.id ?? ''}`;
    expect(
      (await h.json('PATCH', path, { token: appToken(['Alert.Read.All']), body: { status: 'InProgress' } }))
        .status,
    ).toBe(403);
    expect(
      (
        await h.json('PATCH', path, {
          token: appToken(['Alert.ReadWrite.All']),
          body: { status: 'InProgress' },
        })
      ).status,
    ).toBe(200);
  });

  it('getPackageUri takes Machine.Read.All for apps', async () => {
    const created = await h.json(
      'POST',
      `/api/machines/${machineIn('Servers').id}/collectInvestigationPackage`,
      { body: { Comment: 'c' } },
    );
    h.api.control.advanceAction(String(created.body.id), 'Succeeded');
    const path = `/api/machineactions/${String(created.body.id)}/getPackageUri`;
    expect((await h.json('GET', path, { token: appToken(['Machine.CollectForensics']) })).status).toBe(403);
    expect((await h.json('GET', path, { token: appToken(['Machine.Read.All']) })).status).toBe(200);
  });
});

describe('delegated permissions', () => {
  it('accepts bare and resource-prefixed scopes and requires the delegated permission', async () => {
    expect((await isolate(userToken(USERS.lead, 'Machine.Isolate'))).status).toBe(201);
    expect(
      (
        await isolate(
          userToken(USERS.lead, 'https://api.securitycenter.microsoft.com/Machine.Isolate Machine.Read'),
          machineIn('Servers'),
        )
      ).status,
    ).toBe(201);
    const denied = await isolate(userToken(USERS.lead, 'Machine.Read Machine.Scan'), machineIn('Finance'));
    expect(denied.status).toBe(403);
    expect(errorOf(denied.body).message).toBe('Missing delegated permission Machine.Isolate');
  });

  it('requires the user MDE role: Active remediation for isolate/scan, Alerts investigation for collect', async () => {
    const viewer = await isolate(userToken(USERS.viewer, 'Machine.Isolate'));
    expect(viewer.status).toBe(403);
    expect(errorOf(viewer.body).message).toBe('Missing user role permission ActiveRemediationActions');
    const finance = machineIn('Finance');
    const collect = (user: typeof USERS.lead) =>
      h.json('POST', `/api/machines/${finance.id}/collectInvestigationPackage`, {
        token: userToken(user, 'Machine.CollectForensics'),
        body: { Comment: 'c' },
      });
    expect(errorOf((await collect(USERS.viewer)).body).message).toBe(
      'Missing user role permission AlertsInvestigation',
    );
    expect((await collect(USERS.investigator)).status).toBe(201);
    expect(
      (await h.json('GET', '/api/machines', { token: userToken(USERS.nobody, 'Machine.Read') })).status,
    ).toBe(403);
  });

  it('limits lists to the user device groups (Ungrouped devices (default) names the ungrouped ones)', async () => {
    const machines = await h.json('GET', '/api/machines', {
      token: userToken(USERS.investigator, 'Machine.Read'),
    });
    const groups = new Set((machines.body.value as SimMachine[]).map((m) => m.rbacGroupName));
    expect(groups).toEqual(new Set(['Finance', null]));
    const alerts = await h.json('GET', '/api/alerts', {
      token: userToken(USERS.workstationResponder, 'Alert.Read'),
    });
    const visible = alerts.body.value as { rbacGroupName: string }[];
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.every((a) => a.rbacGroupName === 'Workstations')).toBe(true);
    const hunting = await h.json('POST', '/api/advancedqueries/run', {
      token: userToken(USERS.investigator, 'AdvancedQuery.Read'),
      body: { Query: 'DeviceInfo | project MachineGroup' },
    });
    expect(
      new Set((hunting.body.Results as { MachineGroup: string | null }[]).map((r) => r.MachineGroup)),
    ).toEqual(new Set(['Finance', null]));
  });

  it('forbids single-device actions and reads outside the user device groups (our choice: 403, the docs are silent)', async () => {
    const responder = userToken(USERS.workstationResponder, 'Machine.Isolate Machine.Read Alert.Read');
    expect((await isolate(responder, machineIn('Workstations'))).status).toBe(201);
    const server = machineIn('Servers');
    const outside = await isolate(responder, server);
    expect(outside.status).toBe(403);
    expect(errorOf(outside.body).message).toContain(`machine ${server.id}`);
    expect((await h.json('GET', `/api/machines/${server.id}`, { token: responder })).status).toBe(403);
    const serverAlert = h.api.control.listAlerts().find((a) => a.rbacGroupName === 'Servers');
    expect((await h.json('GET', `/api/alerts/${serverAlert?.id ?? ''}`, { token: responder })).status).toBe(
      403,
    );
    const lead = await h.json('POST', `/api/machines/${server.id}/isolate`, {
      token: appToken(),
      body: { Comment: 'c' },
    });
    const actions = await h.json('GET', '/api/machineactions', { token: responder });
    expect((actions.body.value as { machineId: string }[]).some((a) => a.machineId === server.id)).toBe(
      false,
    );
    expect(
      (await h.json('GET', `/api/machineactions/${String(lead.body.id)}`, { token: responder })).status,
    ).toBe(403);
  });
});
