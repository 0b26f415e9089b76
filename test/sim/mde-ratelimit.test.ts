import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SimMachine } from '../../src/sim/types.js';
import { OTHER_APP_ID, appToken, startHarness, type Harness } from './mde-harness.js';

let h: Harness;
let machine: SimMachine;
beforeEach(async () => {
  h = await startHarness({
    rateLimits: {
      standard: [
        { limit: 3, windowMs: 60_000 },
        { limit: 5, windowMs: 3_600_000 },
      ],
      packageUri: [{ limit: 2, windowMs: 60_000 }],
      hunting: [{ limit: 2, windowMs: 60_000 }],
    },
  });
  machine = h.api.control.listMachines()[0] as SimMachine;
});
afterEach(() => h.close());

const getMachines = (token = appToken()) => h.call('GET', '/api/machines?$top=1', { token });

describe('rate limits', () => {
  it('answers 429 TooManyRequests with Retry-After once the minute budget is spent', async () => {
    for (let i = 0; i < 3; i += 1) expect((await getMachines()).status).toBe(200);
    h.clock.advance(20_500);
    const limited = await getMachines();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('40'); // the first call leaves the window 39.5 s from now
    const body = (await limited.json()) as { error: { code: string; message: string; target: string } };
    expect(body.error).toMatchObject({
      code: 'TooManyRequests',
      message: 'API calls quota exceeded! maximum allowed 3 per 00:01:00',
    });
    expect(body.error.target).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('does not count rejected calls, and slides the window with the clock', async () => {
    for (let i = 0; i < 3; i += 1) await getMachines();
    for (let i = 0; i < 5; i += 1) expect((await getMachines()).status).toBe(429);
    h.clock.advance(60_000);
    expect((await getMachines()).status).toBe(200);
  });

  it('enforces the longer window too, naming it in the message', async () => {
    for (let i = 0; i < 3; i += 1) await getMachines();
    h.clock.advance(60_000);
    for (let i = 0; i < 2; i += 1) expect((await getMachines()).status).toBe(200);
    const limited = await getMachines();
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { error: { message: string } }).error.message).toBe(
      'API calls quota exceeded! maximum allowed 5 per 01:00:00',
    );
    expect(Number(limited.headers.get('retry-after'))).toBe(3_540);
  });

  it('counts each API separately and each calling app separately', async () => {
    for (let i = 0; i < 3; i += 1) await getMachines();
    expect((await getMachines()).status).toBe(429);
    expect((await h.call('GET', `/api/machines/${machine.id}`)).status).toBe(200);
    expect((await h.call('GET', '/api/alerts?$top=1')).status).toBe(200);
    expect(
      (await h.call('POST', `/api/machines/${machine.id}/isolate`, { body: { Comment: 'c' } })).status,
    ).toBe(201);
    expect((await getMachines(appToken(undefined, OTHER_APP_ID))).status).toBe(200); // another app, its own budget
  });

  it('gives getPackageUri and advanced hunting their own budgets', async () => {
    const created = (await (
      await h.call('POST', `/api/machines/${machine.id}/collectInvestigationPackage`, {
        body: { Comment: 'c' },
      })
    ).json()) as { id: string };
    h.api.control.advanceAction(created.id, 'Succeeded');
    const uri = () => h.call('GET', `/api/machineactions/${created.id}/getPackageUri`);
    expect([(await uri()).status, (await uri()).status, (await uri()).status]).toEqual([200, 200, 429]);
    const hunt = () => h.call('POST', '/api/advancedqueries/run', { body: { Query: 'DeviceInfo | take 1' } });
    expect([(await hunt()).status, (await hunt()).status, (await hunt()).status]).toEqual([200, 200, 429]);
    expect((await h.call('GET', `/api/machineactions/${created.id}`)).status).toBe(200);
  });

  it('reset() clears the budgets', async () => {
    for (let i = 0; i < 4; i += 1) await getMachines();
    h.api.control.reset();
    expect((await getMachines()).status).toBe(200);
  });
});
