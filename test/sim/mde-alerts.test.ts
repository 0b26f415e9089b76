import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SimAlert } from '../../src/sim/types.js';
import { q, startHarness, type Harness } from './mde-harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

type AlertList = { value: Record<string, unknown>[]; '@odata.nextLink'?: string; '@odata.context': string };
const list = async (query: string) =>
  (await h.json('GET', `/api/alerts${query}`)) as unknown as {
    status: number;
    body: AlertList & { error?: { code: string } };
  };

/** Follows @odata.nextLink the way the bot's poller does. */
async function collectAll(query: string): Promise<{ pages: number; alerts: Record<string, unknown>[] }> {
  let url: string | undefined = `${h.baseUrl}/api/alerts${query}`;
  const alerts: Record<string, unknown>[] = [];
  let pages = 0;
  while (url !== undefined) {
    const body = (await (await h.call('GET', url.slice(h.baseUrl.length))).json()) as AlertList;
    alerts.push(...body.value);
    url = body['@odata.nextLink'];
    pages += 1;
  }
  return { pages, alerts };
}

describe('seeded alerts', () => {
  it('cover every severity and status with realistic fields', () => {
    const alerts = h.api.control.listAlerts();
    expect(new Set(alerts.map((a) => a.severity))).toEqual(
      new Set(['High', 'Medium', 'Low', 'Informational', 'UnSpecified']),
    );
    for (const severity of ['High', 'Medium', 'Low', 'Informational'] as const) {
      expect(new Set(alerts.filter((a) => a.severity === severity).map((a) => a.status))).toEqual(
        new Set(['New', 'InProgress', 'Resolved']),
      );
    }
    expect(alerts.every((a) => /^da\d{18}_\d{10}$/.test(a.id))).toBe(true);
    expect(
      alerts.every(
        (a) =>
          Date.parse(a.alertCreationTime) <= h.clock.now() &&
          Date.parse(a.alertCreationTime) > h.clock.now() - 8 * 86_400_000,
      ),
    ).toBe(true);
    expect(alerts.some((a) => a.mitreTechniques.includes('T1486'))).toBe(true);
  });
});

describe('GET /alerts', () => {
  it('filters on creation time, severity and status combined, evidence only with $expand', async () => {
    const since = new Date(h.clock.now() - 2 * 86_400_000).toISOString();
    const { body } = await list(
      `?$filter=${q(`alertCreationTime gt ${since} and severity eq 'High' and status eq 'New'`)}`,
    );
    const expected = h.api.control
      .listAlerts()
      .filter((a) => a.alertCreationTime > since && a.severity === 'High' && a.status === 'New');
    expect(body.value.map((a) => a.id)).toEqual(expected.map((a) => a.id));
    expect(body['@odata.context']).toBe(`${h.baseUrl}/api/$metadata#Alerts`);
    expect(body.value.every((a) => Array.isArray(a.evidence) && a.evidence.length === 0)).toBe(true);
    const expanded = await list('?$top=3&$expand=evidence');
    expect(expanded.body.value.every((a) => (a.evidence as unknown[]).length > 0)).toBe(true);
    expect((await list('?$expand=machine')).status).toBe(400);
  });

  it.each([
    ["category eq 'Ransomware'", (a: SimAlert) => a.category === 'Ransomware'],
    ["detectionSource eq 'WindowsDefenderAv'", (a: SimAlert) => a.detectionSource === 'WindowsDefenderAv'],
    ['assignedTo eq null', (a: SimAlert) => a.assignedTo === null],
    [
      "assignedTo eq 'tier2@contoso.com' or severity eq 'UnSpecified'",
      (a: SimAlert) => a.assignedTo === 'tier2@contoso.com' || a.severity === 'UnSpecified',
    ],
  ])('filters %s', async (filter, predicate) => {
    const { body } = await list(`?$filter=${q(filter)}`);
    const expected = h.api.control.listAlerts().filter(predicate);
    expect(expected.length).toBeGreaterThan(0);
    expect(body.value.map((a) => a.id)).toEqual(expected.map((a) => a.id));
  });

  it('filters by machineId and id', async () => {
    const alert = h.api.control.listAlerts()[4] as SimAlert;
    expect((await list(`?$filter=${q(`id eq '${alert.id}'`)}`)).body.value).toHaveLength(1);
    const forMachine = (await list(`?$filter=${q(`machineId eq '${alert.machineId}'`)}`)).body.value;
    expect(forMachine.every((a) => a.machineId === alert.machineId)).toBe(true);
  });

  it('pages through nextLink (absolute, $skip advanced, filter kept) until everything is read exactly once', async () => {
    h.api.control.setPageSize(7);
    const total = h.api.control.listAlerts().length;
    const { pages, alerts } = await collectAll('');
    expect(pages).toBe(Math.ceil(total / 7));
    expect(new Set(alerts.map((a) => a.id)).size).toBe(total);
    const first = (await list(`?$filter=${q("severity ne 'High'")}`)).body;
    expect(first['@odata.nextLink']).toBe(
      `${h.baseUrl}/api/alerts?$filter=${encodeURIComponent("severity ne 'High'")}&$skip=7`,
    );
    const filtered = await collectAll(`?$filter=${q("severity ne 'High'")}`);
    expect(filtered.alerts.every((a) => a.severity !== 'High')).toBe(true);
    expect(filtered.alerts).toHaveLength(
      h.api.control.listAlerts().filter((a) => a.severity !== 'High').length,
    );
  });

  it('honours $top without nextLink when it fits a page, and counts $top down across pages when it does not', async () => {
    h.api.control.setPageSize(7);
    expect((await list('?$top=5')).body['@odata.nextLink']).toBeUndefined();
    const { pages, alerts } = await collectAll('?$top=16');
    expect(pages).toBe(3);
    expect(alerts).toHaveLength(16);
  });

  it('sees alerts added through the control surface', async () => {
    const machine = h.api.control.listMachines()[0];
    const added = h.api.control.addAlert({ title: 'Test alert', severity: 'High', machineId: machine?.id });
    expect(added.computerDnsName).toBe(machine?.computerDnsName);
    const { body } = await list(
      `?$filter=${q(`alertCreationTime ge ${new Date(h.clock.now()).toISOString()}`)}`,
    );
    expect(body.value.map((a) => a.title)).toEqual(['Test alert']);
  });
});

describe('GET and PATCH /alerts/{id}', () => {
  it('gets one alert with its evidence, 404 for an unknown id', async () => {
    const alert = h.api.control.listAlerts()[0] as SimAlert;
    const { body } = await h.json('GET', `/api/alerts/${alert.id}`);
    expect(body).toMatchObject({
      '@odata.context': `${h.baseUrl}/api/$metadata#Alerts/$entity`,
      id: alert.id,
      title: alert.title,
    });
    expect((body.evidence as unknown[]).length).toBeGreaterThan(0);
    expect((await h.json('GET', '/api/alerts/da000_1')).body.error).toMatchObject({
      code: 'ResourceNotFound',
    });
  });

  it('updates with lenient casing, adds the comment and moves lastUpdateTime', async () => {
    const alert = h.api.control.listAlerts().find((a) => a.status === 'New') as SimAlert;
    h.clock.advance(60_000);
    const { status, body } = await h.json('PATCH', `/api/alerts/${alert.id}`, {
      body: {
        Status: 'Resolved',
        assignedTo: 'secop2@contoso.com',
        classification: 'FalsePositive',
        Determination: 'Clean',
        comment: 'benign admin script',
      },
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'Resolved',
      assignedTo: 'secop2@contoso.com',
      classification: 'FalsePositive',
      determination: 'Clean',
    });
    expect(body.lastUpdateTime).toBe(new Date(h.clock.now()).toISOString());
    expect(body.resolvedTime).toBe(new Date(h.clock.now()).toISOString());
    expect(body.comments).toEqual([
      {
        comment: 'benign admin script',
        createdBy: 'DefBot',
        createdTime: new Date(h.clock.now()).toISOString(),
      },
    ]);
    const polled = await list(`?$filter=${q(`lastUpdateTime ge ${new Date(h.clock.now()).toISOString()}`)}`);
    expect(polled.body.value.map((a) => a.id)).toEqual([alert.id]);
  });

  it('rejects invalid values and non-object bodies', async () => {
    const alert = h.api.control.listAlerts()[0] as SimAlert;
    expect(
      (await h.json('PATCH', `/api/alerts/${alert.id}`, { body: { status: 'Closed' } })).body.error,
    ).toMatchObject({ code: 'InvalidInput' });
    expect((await h.json('PATCH', `/api/alerts/${alert.id}`, { body: ['x'] })).body.error).toMatchObject({
      code: 'InvalidRequestBody',
    });
  });
});
