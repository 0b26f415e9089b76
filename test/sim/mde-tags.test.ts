// The simulator's `POST /api/machines/{id}/tags` (mde-api-response.md section 3): PascalCase
// {Value, Action: Add|Remove}, 200 with the updated machine, and the refusals around it.
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

const tags = (body: unknown, id = machine.id, token?: string) =>
  h.json('POST', `/api/machines/${id}/tags`, { body, ...(token ? { token } : {}) });

describe('machine tags', () => {
  it('adds and removes a tag, answering with the updated machine each time', async () => {
    const before = [...machine.machineTags];
    const added = await tags({ Value: 'test Tag 2', Action: 'Add' });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ id: machine.id, machineTags: [...before, 'test Tag 2'] });
    // Adding it again changes nothing.
    expect((await tags({ Value: 'test Tag 2', Action: 'Add' })).body.machineTags).toEqual([
      ...before,
      'test Tag 2',
    ]);
    const removed = await tags({ Value: 'test Tag 2', Action: 'Remove' });
    expect(removed.status).toBe(200);
    expect(removed.body.machineTags).toEqual(before);
    expect((await h.json('GET', `/api/machines/${machine.id}`)).body.machineTags).toEqual(before);
  });

  it('refuses a body without both PascalCase keys, an unknown action and a tag over 200 characters', async () => {
    for (const body of [
      { value: 'x', action: 'Add' },
      { Value: 'x' },
      { Action: 'Add' },
      { Value: 'x', Action: 'Toggle' },
      { Value: 'x'.repeat(201), Action: 'Add' },
      { Value: '   ', Action: 'Add' },
    ]) {
      const answer = await tags(body);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: { code: 'InvalidRequestBody' } });
    }
    expect(h.api.control.listMachines()[0]!.machineTags).toEqual(machine.machineTags);
  });

  it('answers 404 for an unknown machine and 403 without Machine.ReadWrite.All', async () => {
    expect((await tags({ Value: 'x', Action: 'Add' }, 'f'.repeat(40))).status).toBe(404);
    const readOnly = await tags({ Value: 'x', Action: 'Add' }, machine.id, appToken(['Machine.Read.All']));
    expect(readOnly.status).toBe(403);
    expect(h.api.control.listMachines()[0]!.machineTags).not.toContain('x');
  });
});
