import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SimMachine } from '../../src/sim/types.js';
import { startHarness, type Harness } from './mde-harness.js';

let h: Harness;
let machine: SimMachine;

beforeEach(async () => {
  h = await startHarness();
  machine = h.api.control
    .listMachines()
    .find((m) => m.computerDnsName === 'ws-03.contoso.local') as SimMachine;
});
afterEach(() => h.close());

const post = (action: string, body: unknown, id = machine.id) =>
  h.json('POST', `/api/machines/${id}/${action}`, { body });

describe('machine actions: submission', () => {
  it('answers isolate with 201 and the captured MachineAction wire shape, field order included', async () => {
    const { status, body, headers } = await post('isolate', {
      Comment: 'beacon to C2',
      IsolationType: 'Selective',
    });
    expect(status).toBe(201);
    expect(headers.get('odata-version')).toBe('4.0');
    expect(Object.keys(body)).toEqual([
      '@odata.context',
      'id',
      'type',
      'title',
      'requestor',
      'requestorComment',
      'status',
      'machineId',
      'computerDnsName',
      'creationDateTimeUtc',
      'lastUpdateDateTimeUtc',
      'cancellationRequestor',
      'cancellationComment',
      'cancellationDateTimeUtc',
      'errorHResult',
      'scope',
      'externalId',
      'requestSource',
      'relatedFileInfo',
      'commands',
      'troubleshootInfo',
    ]);
    expect(body).toMatchObject({
      '@odata.context': `${h.baseUrl}/api/$metadata#MachineActions/$entity`,
      type: 'Isolate',
      title: null,
      requestor: 'DefBot',
      requestorComment: 'beacon to C2',
      status: 'Pending',
      machineId: machine.id,
      computerDnsName: 'ws-03.contoso.local',
      errorHResult: 0,
      scope: 'Selective',
      requestSource: 'PublicApi',
      commands: [],
    });
    expect(body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(body.creationDateTimeUtc).toBe('2026-03-02T09:00:00.0000000Z');
  });

  it.each([
    ['isolate', { Comment: 'c' }, 'Isolate', 'Full'],
    ['unisolate', { Comment: 'c' }, 'Unisolate', null],
    ['runAntiVirusScan', { Comment: 'c', ScanType: 'Quick' }, 'RunAntiVirusScan', 'Quick'],
    ['runAntiVirusScan', { Comment: 'c', ScanType: 'Full' }, 'RunAntiVirusScan', 'Full'],
    ['collectInvestigationPackage', { Comment: 'c' }, 'CollectInvestigationPackage', null],
    ['restrictCodeExecution', { Comment: 'c' }, 'RestrictCodeExecution', null],
    ['unrestrictCodeExecution', { Comment: 'c' }, 'UnrestrictCodeExecution', null],
  ])('%s %j -> 201 type %s scope %s', async (action, body, type, scope) => {
    const response = await post(action, body);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ type, scope, status: 'Pending' });
  });

  it.each([
    'isolate',
    'unisolate',
    'runAntiVirusScan',
    'collectInvestigationPackage',
    'restrictCodeExecution',
    'unrestrictCodeExecution',
  ])('%s refuses a lowercase comment: body parameters are case-sensitive', async (action) => {
    const { status, body } = await post(action, { comment: 'lowercase', ScanType: 'Quick' });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({
      code: 'MissingRequiredParameter',
      message: 'Parameter Comment is missing',
    });
    expect((body.error as { target: string }).target).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('validates IsolationType and ScanType values and presence', async () => {
    expect((await post('isolate', { Comment: 'c', IsolationType: 'Partial' })).body.error).toMatchObject({
      code: 'InvalidInput',
    });
    expect((await post('isolate', { Comment: 'c', IsolationType: 'full' })).body.error).toMatchObject({
      code: 'InvalidInput',
    });
    expect((await post('runAntiVirusScan', { Comment: 'c', ScanType: 'Deep' })).body.error).toMatchObject({
      code: 'InvalidInput',
    });
    expect((await post('runAntiVirusScan', { Comment: 'c' })).body.error).toMatchObject({
      code: 'MissingRequiredParameter',
      message: 'Parameter ScanType is missing',
    });
    expect((await post('isolate', { Comment: '   ' })).body.error).toMatchObject({
      code: 'MissingRequiredParameter',
    });
  });

  it('answers a body that is not a JSON object with InvalidRequestBody', async () => {
    const path = `/api/machines/${machine.id}/isolate`;
    for (const init of [
      { rawBody: '{"Comment": ' },
      { rawBody: '["Comment"]' },
      { rawBody: 'Comment=x', contentType: 'text/plain' },
      {},
    ]) {
      const response = await h.call('POST', path, init);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('InvalidRequestBody');
    }
  });

  it('answers an unknown machine with 404 ResourceNotFound', async () => {
    const { status, body } = await post(
      'isolate',
      { Comment: 'c' },
      'ffffffffffffffffffffffffffffffffffffffff',
    );
    expect(status).toBe(404);
    expect(body.error).toMatchObject({
      code: 'ResourceNotFound',
      message: 'Machine ffffffffffffffffffffffffffffffffffffffff was not found',
    });
  });

  it('refuses a second action of the same type while one is active, but not other types or machines', async () => {
    expect((await post('isolate', { Comment: 'first' })).status).toBe(201);
    const duplicate = await post('isolate', { Comment: 'second', IsolationType: 'Full' });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error).toMatchObject({
      code: 'ActiveRequestAlreadyExists',
      message: 'Action is already in progress',
    });
    expect((await post('runAntiVirusScan', { Comment: 'c', ScanType: 'Quick' })).status).toBe(201);
    const other = h.api.control
      .listMachines()
      .find((m) => m.computerDnsName === 'ws-04.contoso.local') as SimMachine;
    expect((await post('isolate', { Comment: 'c' }, other.id)).status).toBe(201);

    h.clock.advance(10_000); // now InProgress: still active
    expect((await post('isolate', { Comment: 'third' })).status).toBe(400);
    h.clock.advance(20_000); // Succeeded: a new one may start
    expect((await post('isolate', { Comment: 'fourth' })).status).toBe(201);
  });

  it('records the UPN as requestor for delegated tokens', async () => {
    const { userToken, USERS } = await import('./mde-harness.js');
    const { body } = await h.json('POST', `/api/machines/${machine.id}/isolate`, {
      token: userToken(USERS.lead, 'https://api.securitycenter.microsoft.com/Machine.Isolate'),
      body: { Comment: 'c' },
    });
    expect(body.requestor).toBe('lead@contoso.com');
  });

  it('accepts the machine by computer name, paths in any case, and the /api/v1.0 prefix', async () => {
    expect(
      (await h.json('POST', '/api/machines/ws-03.contoso.local/isolate', { body: { Comment: 'c' } })).body
        .machineId,
    ).toBe(machine.id);
    expect(
      (
        await h.json('POST', `/API/Machines/${machine.id}/RunAntivirusScan`, {
          body: { Comment: 'c', ScanType: 'Quick' },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await h.json('POST', `/api/v1.0/machines/${machine.id}/collectinvestigationpackage`, {
          body: { Comment: 'c' },
        })
      ).status,
    ).toBe(201);
  });
});

describe('machine actions: lifecycle and reads', () => {
  it('moves Pending -> InProgress -> Succeeded with the clock, computed on read', async () => {
    const { body } = await post('runAntiVirusScan', { Comment: 'c', ScanType: 'Full' });
    const read = async () => (await h.json('GET', `/api/machineactions/${String(body.id)}`)).body;
    expect(await read()).toMatchObject({
      status: 'Pending',
      '@odata.context': `${h.baseUrl}/api/$metadata#MachineActions/$entity`,
    });
    h.clock.advance(9_999);
    expect((await read()).status).toBe('Pending');
    h.clock.advance(1);
    expect(await read()).toMatchObject({
      status: 'InProgress',
      lastUpdateDateTimeUtc: '2026-03-02T09:00:10.0000000Z',
    });
    h.clock.advance(20_000);
    expect(await read()).toMatchObject({
      status: 'Succeeded',
      lastUpdateDateTimeUtc: '2026-03-02T09:00:30.0000000Z',
      errorHResult: 0,
    });
  });

  it('ends the next actions in the queued outcomes, then in Succeeded again', async () => {
    h.api.control.setNextActionOutcomes(['Failed', 'TimeOut', 'Cancelled']);
    const ids: string[] = [];
    for (const action of [
      'isolate',
      'collectInvestigationPackage',
      'restrictCodeExecution',
      'unrestrictCodeExecution',
    ]) {
      ids.push(String((await post(action, { Comment: 'c' })).body.id));
    }
    h.clock.advance(60_000);
    const statuses = await Promise.all(
      ids.map(async (id) => (await h.json('GET', `/api/machineactions/${id}`)).body),
    );
    expect(statuses.map((action) => action.status)).toEqual(['Failed', 'TimeOut', 'Cancelled', 'Succeeded']);
    expect(statuses[0]?.errorHResult).not.toBe(0);
    expect(statuses[2]?.cancellationDateTimeUtc).toBe('2026-03-02T09:00:30.0000000Z');
    expect(() => h.api.control.setNextActionOutcomes(['Pending'])).toThrow();
  });

  it('advanceAction forces the next state or a given one now', async () => {
    const id = String((await post('isolate', { Comment: 'c' })).body.id);
    expect(h.api.control.advanceAction(id).status).toBe('InProgress');
    h.clock.advance(19_999);
    expect(h.api.control.listActions()[0]?.status).toBe('InProgress');
    expect(h.api.control.advanceAction(id).status).toBe('Succeeded');
    expect(h.api.control.machineState(machine.id)).toEqual({
      isolated: true,
      isolationType: 'Full',
      codeExecutionRestricted: false,
    });
    const release = String((await post('unisolate', { Comment: 'c' })).body.id);
    expect(h.api.control.advanceAction(release, 'Failed').status).toBe('Failed');
    expect(h.api.control.machineState(machine.id).isolated).toBe(true);
  });

  it('never adds isolation state to the Machine JSON', async () => {
    const id = String((await post('isolate', { Comment: 'c' })).body.id);
    h.api.control.advanceAction(id, 'Succeeded');
    const { body } = await h.json('GET', `/api/machines/${machine.id}`);
    expect(Object.keys(body).filter((key) => /isolat|restrict/i.test(key))).toEqual([]);
  });

  it('lists actions newest first with $filter, $top and $skip', async () => {
    await post('isolate', { Comment: 'c' });
    h.clock.advance(1_000);
    await post('runAntiVirusScan', { Comment: 'c', ScanType: 'Quick' });
    h.clock.advance(1_000);
    await post('collectInvestigationPackage', { Comment: 'c' });
    const list = async (query: string) => (await h.json('GET', `/api/machineactions?${query}`)).body;
    const all = await list('');
    expect(all['@odata.context']).toBe(`${h.baseUrl}/api/$metadata#MachineActions`);
    expect((all.value as { type: string }[]).map((a) => a.type)).toEqual([
      'CollectInvestigationPackage',
      'RunAntiVirusScan',
      'Isolate',
    ]);
    const filtered = await list(
      `$filter=${encodeURIComponent(`machineId eq '${machine.id}' and type eq 'Isolate'`)}`,
    );
    expect((filtered.value as unknown[]).length).toBe(1);
    const byTime = await list(
      `$filter=${encodeURIComponent("creationDateTimeUtc gt 2026-03-02T09:00:00.5Z and requestor eq 'DefBot'")}`,
    );
    expect((byTime.value as unknown[]).length).toBe(2);
    const page = await list('$top=1&$skip=1');
    expect((page.value as { type: string }[]).map((a) => a.type)).toEqual(['RunAntiVirusScan']);
    expect(page['@odata.nextLink']).toBeUndefined();
    expect((await list(`$filter=${encodeURIComponent("status eq 'Succeeded'")}`)).value).toEqual([]);
  });

  it('answers an unknown action id with 404', async () => {
    const { status, body } = await h.json('GET', '/api/machineactions/00000000-0000-0000-0000-000000000000');
    expect(status).toBe(404);
    expect(body.error).toMatchObject({ code: 'ResourceNotFound' });
  });
});

describe('getPackageUri', () => {
  it('is 404 until the collection succeeded, then a short-lived https-style link that downloads', async () => {
    const id = String((await post('collectInvestigationPackage', { Comment: 'c' })).body.id);
    const uri = () => h.json('GET', `/api/machineactions/${id}/GetPackageUri`);
    expect((await uri()).status).toBe(404);
    h.clock.advance(10_000);
    expect((await uri()).status).toBe(404);
    h.clock.advance(20_000);
    const { status, body } = await uri();
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(['@odata.context', 'value']);
    expect(body['@odata.context']).toBe(`${h.baseUrl}/api/$metadata#Edm.String`);
    const download = await fetch(String(body.value));
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/zip');
    const tampered = await fetch(String(body.value).replace('sig=', 'sig=x'));
    expect(tampered.status).toBe(404);
    h.clock.advance(31 * 60_000);
    expect((await fetch(String(body.value))).status).toBe(404);
  });

  it('is 404 for other action types and for failed collections', async () => {
    const scan = String((await post('runAntiVirusScan', { Comment: 'c', ScanType: 'Quick' })).body.id);
    h.api.control.setNextActionOutcomes(['Failed']);
    const collect = String((await post('collectInvestigationPackage', { Comment: 'c' })).body.id);
    h.clock.advance(60_000);
    expect((await h.json('GET', `/api/machineactions/${scan}/getPackageUri`)).status).toBe(404);
    expect((await h.json('GET', `/api/machineactions/${collect}/getPackageUri`)).status).toBe(404);
  });
});
