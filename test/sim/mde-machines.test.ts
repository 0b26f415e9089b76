import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SimMachine } from '../../src/sim/types.js';
import { odataString, q, startHarness, type Harness } from './mde-harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

type Listed = {
  status: number;
  body: {
    value: Record<string, unknown>[];
    '@odata.nextLink'?: string;
    '@odata.context'?: string;
    error?: { code: string; message: string };
  };
};
const list = async (query: string): Promise<Listed> =>
  (await h.json('GET', `/api/machines${query}`)) as unknown as Listed;
const byName = (name: string): SimMachine =>
  h.api.control.listMachines().find((m) => m.computerDnsName === name) as SimMachine;

describe('seeded tenant', () => {
  it('is deterministic, realistic and contains the deliberate traps', async () => {
    const machines = h.api.control.listMachines();
    expect(machines.length).toBeGreaterThanOrEqual(45);
    expect(machines.every((m) => /^[0-9a-f]{40}$/.test(m.id) && m.lastIpAddress.startsWith('10.'))).toBe(
      true,
    );
    expect(new Set(machines.map((m) => m.rbacGroupName))).toEqual(
      new Set(['Servers', 'Workstations', 'Finance', null]),
    );
    expect(
      machines.filter((m) => m.computerDnsName.split('.')[0] === 'web-07').map((m) => m.computerDnsName),
    ).toEqual(['web-07.contoso.local', 'web-07.fabrikam.local']);
    expect(machines.some((m) => m.computerDnsName === "o'brien-laptop.contoso.local")).toBe(true);
    expect(
      machines.some((m) => m.osPlatform === 'Linux') && machines.some((m) => m.osPlatform === 'macOS'),
    ).toBe(true);
    const again = await startHarness();
    expect(again.api.control.listMachines().map((m) => m.id)).toEqual(machines.map((m) => m.id));
    await again.close();
  });

  it('reset() empties the tenant or re-seeds it', () => {
    h.api.control.reset(false);
    expect(h.api.control.listMachines()).toEqual([]);
    h.api.control.reset();
    expect(h.api.control.listMachines().length).toBeGreaterThan(40);
  });
});

describe('GET /machines', () => {
  it('returns the OData collection envelope with the real field order', async () => {
    const { status, body } = await list('');
    expect(status).toBe(200);
    expect(body['@odata.context']).toBe(`${h.baseUrl}/api/$metadata#Machines`);
    expect(body.value.length).toBe(h.api.control.listMachines().length);
    expect(Object.keys(body.value[0] ?? {}).slice(0, 8)).toEqual([
      'id',
      'mergedIntoMachineId',
      'isPotentialDuplication',
      'isExcluded',
      'exclusionReason',
      'computerDnsName',
      'firstSeen',
      'lastSeen',
    ]);
  });

  it('finds a name with an apostrophe when the quote is doubled, and refuses it raw', async () => {
    const name = "o'brien-laptop.contoso.local";
    const found = await list(`?$filter=${q(`computerDnsName eq ${odataString(name)}`)}`);
    expect(found.body.value.map((m) => m.computerDnsName)).toEqual([name]);
    const raw = await list(`?$filter=${q(`computerDnsName eq '${name}'`)}`);
    expect(raw.status).toBe(400);
    expect(raw.body.error?.code).toBe('ODataError');
  });

  it('matches an escaped injection string only against a machine literally named that', async () => {
    const hostile = "x' or 1 eq 1";
    expect((await list(`?$filter=${q(`computerDnsName eq ${odataString(hostile)}`)}`)).body.value).toEqual(
      [],
    );
    h.api.control.addMachine({ computerDnsName: hostile });
    expect(
      (await list(`?$filter=${q(`computerDnsName eq ${odataString(hostile)}`)}`)).body.value.map(
        (m) => m.computerDnsName,
      ),
    ).toEqual([hostile]);
    expect((await list(`?$filter=${q("computerDnsName eq 'x' or 1 eq 1")}`)).status).toBe(400);
  });

  it('filters by startswith (ambiguous short names), group, health and lastSeen, docs-style + for spaces', async () => {
    const shortName = await list(`?$filter=${q("startswith(computerDnsName,'web-07.')")}`);
    expect(shortName.body.value).toHaveLength(2);
    const finance = await list('?$filter=rbacGroupId+eq+103');
    expect(finance.body.value.every((m) => m.rbacGroupName === 'Finance')).toBe(true);
    expect(finance.body.value.length).toBeGreaterThan(0);
    const inactive = await list(`?$filter=${q("healthStatus ne 'Active'")}&$top=100`);
    expect(inactive.body.value.every((m) => m.healthStatus !== 'Active')).toBe(true);
    const recent = await list(`?$filter=${q('lastSeen gt 2026-03-01T09:00:00Z')}`);
    const expected = h.api.control
      .listMachines()
      .filter((m) => Date.parse(m.lastSeen) > Date.parse('2026-03-01T09:00:00Z'));
    expect(recent.body.value.length).toBe(expected.length);
    const ip = byName('sql-02.contoso.local').lastIpAddress;
    expect(
      (await list(`?$filter=${q(`lastIpAddress eq '${ip}'`)}`)).body.value.map((m) => m.computerDnsName),
    ).toContain('sql-02.contoso.local');
  });

  it('validates $top, $skip and unknown options', async () => {
    expect((await list('?$top=10000')).status).toBe(200);
    for (const query of [
      '?$top=10001',
      '?$top=-1',
      '?$top=abc',
      '?$skip=x',
      '?$orderby=lastSeen',
      '?$top=1&$top=2',
      `?$filter=${q('foo eq 1')}`,
    ]) {
      const response = await list(query);
      expect(response.status, query).toBe(400);
      expect(response.body.error?.code, query).toBe('ODataError');
    }
  });

  it('pages with $top/$skip without a nextLink, and with a nextLink when no $top is given', async () => {
    const all = (await list('')).body.value.map((m) => m.id);
    const page = await list('?$top=5&$skip=5');
    expect(page.body.value.map((m) => m.id)).toEqual(all.slice(5, 10));
    expect(page.body['@odata.nextLink']).toBeUndefined();
    h.api.control.setPageSize(20);
    const first = await list(`?$filter=${q("osPlatform ne 'macOS'")}`);
    expect(first.body.value).toHaveLength(20);
    const next = first.body['@odata.nextLink'] ?? '';
    expect(next.startsWith(`${h.baseUrl}/api/machines?`)).toBe(true);
    expect(next).toContain('$skip=20');
    const second = (await (await h.call('GET', next.slice(h.baseUrl.length))).json()) as Listed['body'];
    expect(second.value[0]?.id).toBe(
      all.filter((id) => h.api.control.listMachines().find((m) => m.id === id)?.osPlatform !== 'macOS')[20],
    );
  });
});

describe('GET /machines/{id}', () => {
  it('finds by id or computer name, with the entity context', async () => {
    const machine = byName('web-07.fabrikam.local');
    const byId = await h.json('GET', `/api/machines/${machine.id}`);
    expect(byId.body).toMatchObject({
      '@odata.context': `${h.baseUrl}/api/$metadata#Machines/$entity`,
      computerDnsName: 'web-07.fabrikam.local',
      rbacGroupId: 0,
      rbacGroupName: null,
    });
    expect((await h.json('GET', '/api/v1.0/machines/WEB-07.fabrikam.local')).body.id).toBe(machine.id);
  });

  it('answers an unknown machine with ResourceNotFound', async () => {
    const { status, body } = await h.json('GET', '/api/machines/web-07');
    expect(status).toBe(404);
    expect(body.error).toMatchObject({ code: 'ResourceNotFound', message: 'Machine web-07 was not found' });
  });
});

describe('GET /machines/findbyip', () => {
  const find = (ip: string, timestamp: string) =>
    h.json('GET', `/api/machines/findbyip(ip='${ip}',timestamp=${timestamp})`);

  it('returns machines seen with that IP within 15 minutes of the timestamp', async () => {
    const ws11 = byName('ws-11.contoso.local');
    const seen = Date.parse(ws11.lastSeen);
    const at = (offsetMs: number) => new Date(seen + offsetMs).toISOString();
    const near = await find(ws11.lastIpAddress, at(14 * 60_000));
    expect(near.status).toBe(200);
    expect((near.body.value as SimMachine[]).map((m) => m.computerDnsName)).toEqual(['ws-11.contoso.local']);
    expect((await find(ws11.lastIpAddress, at(16 * 60_000))).body.value).toEqual([]);
    // A day ago the same address belonged to ws-05.
    const dayAgo = new Date(h.clock.now() - 86_400_000).toISOString();
    expect(
      ((await find(ws11.lastIpAddress, dayAgo)).body.value as SimMachine[]).map((m) => m.computerDnsName),
    ).toEqual(['ws-05.contoso.local']);
    const encoded = await h.call(
      'GET',
      `/api/machines/findbyip(ip=%27${ws11.lastIpAddress}%27,timestamp=${at(0)})`,
    );
    expect(((await encoded.json()) as { value: unknown[] }).value).toHaveLength(1);
  });

  it('refuses timestamps older than 30 days and bad IPs', async () => {
    const old = await find('10.20.0.1', new Date(h.clock.now() - 31 * 86_400_000).toISOString());
    expect(old.status).toBe(400);
    expect((await find('not-an-ip', new Date(h.clock.now()).toISOString())).status).toBe(400);
    expect((await h.json('GET', "/api/machines/findbyip(ip='10.1.1.1')")).status).toBe(400);
  });
});
