import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './mde-harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const run = (Query: unknown) => h.json('POST', '/api/advancedqueries/run', { body: { Query } });

describe('POST /advancedqueries/run', () => {
  it('answers Schema and Results for take, where and project', async () => {
    const { status, body } = await run(
      'DeviceInfo | where OSPlatform == "Linux" | project DeviceName, OSPlatform | take 2',
    );
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(['Schema', 'Results']);
    expect(body.Schema).toEqual([
      { Name: 'DeviceName', Type: 'String' },
      { Name: 'OSPlatform', Type: 'String' },
    ]);
    expect(body.Results).toHaveLength(2);
    expect((body.Results as { OSPlatform: string }[]).every((row) => row.OSPlatform === 'Linux')).toBe(true);
  });

  it('derives rows from the tenant: one DeviceInfo row per machine, process events from alert evidence', async () => {
    const devices = (await run('DeviceInfo')).body.Results as unknown[];
    expect(devices).toHaveLength(h.api.control.listMachines().length);
    const mimikatz = await run(
      "DeviceProcessEvents | where FileName =~ 'MIMIKATZ.EXE' | project DeviceName, ProcessCommandLine",
    );
    expect((mimikatz.body.Results as unknown[]).length).toBeGreaterThan(0);
    const high = await run('DeviceAlertEvents | where Severity == "High" | limit 3');
    expect((high.body.Results as { Severity: string }[]).map((row) => row.Severity)).toEqual([
      'High',
      'High',
      'High',
    ]);
  });

  it.each([
    'DeviceInfo | summarize count() by OSPlatform',
    'DeviceInfo | take',
    'DeviceInfo | where DeviceName',
    'DeviceInfo | project NoSuchColumn',
    'NoSuchTable | take 1',
    'DeviceInfo || take 1',
    'DeviceInfo | join (DeviceInfo) on DeviceId',
    'DeviceInfo; .drop table DeviceInfo',
  ])('refuses %j with 400 BadRequest and a message', async (query) => {
    const { status, body } = await run(query);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'BadRequest' });
    expect(String((body.error as { message: string }).message).length).toBeGreaterThan(10);
  });

  it('requires Query with that casing', async () => {
    const { body } = await h.json('POST', '/api/advancedqueries/run', { body: { query: 'DeviceInfo' } });
    expect(body.error).toMatchObject({
      code: 'MissingRequiredParameter',
      message: 'Parameter Query is missing',
    });
  });
});
