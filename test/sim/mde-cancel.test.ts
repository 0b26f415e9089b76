// The simulator's `POST /api/machineactions/{id}/cancel` (mde-api-response.md section 4): the same action
// moves to Cancelled with who cancelled it and why; a final action, a second cancel, an unknown id and
// a caller without any machine-action permission are refused.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SimMachine } from '../../src/sim/types.js';
import { appToken, startHarness, type Harness } from './mde-harness.js';

let h: Harness;
let machine: SimMachine;

beforeEach(async () => {
  h = await startHarness();
  machine = h.api.control.listMachines()[0]!;
});
afterEach(() => h.close());

async function pendingScan(): Promise<string> {
  const { status, body } = await h.json('POST', `/api/machines/${machine.id}/runAntiVirusScan`, {
    body: { Comment: 'routine', ScanType: 'Quick' },
  });
  expect(status).toBe(201);
  return body.id as string;
}

const cancel = (id: string, body: unknown = { Comment: 'wrong machine' }, token?: string) =>
  h.json('POST', `/api/machineactions/${id}/cancel`, { body, ...(token ? { token } : {}) });

describe('machine actions: cancel', () => {
  it('answers 200 with the same action, now Cancelled and carrying the cancellation', async () => {
    const id = await pendingScan();
    const { status, body } = await cancel(id);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id,
      type: 'RunAntiVirusScan',
      status: 'Cancelled',
      requestorComment: 'routine',
      cancellationRequestor: 'DefBot',
      cancellationComment: 'wrong machine',
    });
    expect(typeof body.cancellationDateTimeUtc).toBe('string');
    expect(h.api.control.listActions()).toHaveLength(1);
    expect((await h.json('GET', `/api/machineactions/${id}`)).body.status).toBe('Cancelled');
  });

  it('refuses a second cancel and an action that already ended, and leaves them as they were', async () => {
    const id = await pendingScan();
    expect((await cancel(id)).status).toBe(200);
    const again = await cancel(id);
    expect(again.status).toBe(400);
    expect((again.body.error as { message: string }).message).toMatch(/final state \(Cancelled\)/);

    const other = await pendingScan();
    h.api.control.advanceAction(other, 'Succeeded');
    const late = await cancel(other);
    expect(late.status).toBe(400);
    expect((late.body.error as { message: string }).message).toMatch(/Succeeded/);
    expect(h.api.control.listActions().find((a) => a.id === other)!.status).toBe('Succeeded');
  });

  it('answers 404 for an unknown action and 403 without any machine-action permission', async () => {
    expect((await cancel('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const id = await pendingScan();
    const readOnly = await cancel(id, { Comment: 'x' }, appToken(['Machine.Read.All']));
    expect(readOnly.status).toBe(403);
    // Any one machine-action permission will do.
    expect((await cancel(id, { Comment: 'x' }, appToken(['Machine.Scan']))).status).toBe(200);
  });

  it('takes a cancel without a comment, and refuses a comment that is not text', async () => {
    const id = await pendingScan();
    expect((await cancel(id, { Comment: 42 })).status).toBe(400);
    const { status, body } = await cancel(id, {});
    expect(status).toBe(200);
    expect(body.cancellationComment).toBeNull();
  });
});
