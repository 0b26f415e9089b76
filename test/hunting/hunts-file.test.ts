// HUNTS_FILE: the shipped example loads, each of its hunts runs against the simulator's Graph
// endpoint with realistic arguments and finds rows; a broken file is refused with every problem named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHuntsFile, parseHunts, type HuntDefinition } from '../../src/config/index.js';
import { bindArgument, fillPlaceholders } from '../../src/core/hunting.js';
import { GRAPH_RESOURCE } from '../../src/sim/entra/index.js';
import type { Simulator } from '../../src/sim/index.js';
import { startTestSimulator } from '../helpers/sim.js';

const example = loadHuntsFile('hunts.example.yaml');
let sim: Simulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(() => sim.close());

function bind(hunt: HuntDefinition, args: string[]): string {
  const literals = new Map<string, string>();
  hunt.parameters.forEach((parameter, index) => {
    const bound = bindArgument(parameter.type, args[index] ?? parameter.default ?? '');
    if (!bound.ok) throw new Error(`${parameter.name} ${bound.problem}`);
    literals.set(parameter.name, bound.literal);
  });
  return fillPlaceholders(hunt.kql, literals);
}

async function hunt(query: string): Promise<{ status: number; rows: Record<string, unknown>[] }> {
  const token = await sim.issueToken({ kind: 'app', audience: GRAPH_RESOURCE });
  const res = await fetch(`${sim.url}/v1.0/security/runHuntingQuery`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ Query: query }),
  });
  const body = (await res.json()) as { results?: Record<string, unknown>[] };
  return { status: res.status, rows: body.results ?? [] };
}

const named = (name: string): HuntDefinition => {
  const found = example.hunts.find((h) => h.name === name);
  if (!found) throw new Error(`no hunt ${name}`);
  return found;
};

describe('hunts.example.yaml', () => {
  it('loads without problems, with at least five hunts', () => {
    expect(example.problems).toEqual([]);
    expect(example.hunts.length).toBeGreaterThanOrEqual(5);
  });

  it('process-launches: processes on a machine, by its short name', async () => {
    const withProcesses = (await hunt('DeviceProcessEvents | project DeviceName | take 1')).rows[0];
    const short = String(withProcesses?.DeviceName).split('.')[0]!;
    const { status, rows } = await hunt(bind(named('process-launches'), [short, '720']));
    expect(status).toBe(200);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => String(row.DeviceName).startsWith(`${short}.`))).toBe(true);
  });

  it('hash-seen: where a SHA-256 was seen', async () => {
    const sha = String((await hunt('DeviceFileEvents | project SHA256 | take 1')).rows[0]?.SHA256);
    const { status, rows } = await hunt(bind(named('hash-seen'), [sha.toUpperCase(), '30']));
    expect(status).toBe(200);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.SHA256 === sha)).toBe(true);
  });

  it('logons: logons to a machine', async () => {
    const machine = sim.mde.listMachines()[0]!.computerDnsName;
    const { status, rows } = await hunt(bind(named('logons'), [machine, '720']));
    expect(status).toBe(200);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((row) => row.DeviceName))).toEqual(new Set([machine]));
  });

  it('ip-connections: machines that talked to an IP', async () => {
    const { status, rows } = await hunt(bind(named('ip-connections'), ['198.51.100.23', '30']));
    expect(status).toBe(200);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.RemoteIP === '198.51.100.23')).toBe(true);
  });

  it('user-device-alerts: alerts on the machines a user logged on to (responder)', async () => {
    const hunt_ = named('user-device-alerts');
    expect(hunt_.role).toBe('responder');
    const { status, rows } = await hunt(bind(hunt_, ['alex.analyst', '30']));
    expect(status).toBe(200);
    expect(rows.length).toBeGreaterThan(0);
    expect(Object.keys(rows[0]!)).toEqual(['Timestamp', 'AlertId', 'Title', 'Severity', 'DeviceName']);
  });
});

describe('a broken hunts file', () => {
  it('names every problem with the hunt it is in', () => {
    const { hunts, problems } = parseHunts(
      {
        hunts: [
          {
            name: 'ok',
            description: 'fine',
            kql: 'DeviceInfo | where DeviceName == {machine}',
            parameters: ['machine'],
          },
          { name: 'ok', description: 'twice', kql: 'DeviceInfo | take 1' },
          { name: 'kql', description: 'reserved', kql: 'DeviceInfo' },
          { name: 'typo', description: 'x', kql: 'T | where A == {host}', parameters: ['host:hostname'] },
          { name: 'unused', description: 'x', kql: 'T', parameters: ['ip'] },
          { name: 'undeclared', description: 'x', kql: 'T | where A == {sha256}' },
          {
            name: 'bad-default',
            description: 'x',
            kql: 'T | where A > ago({hours})',
            parameters: ['hours=9999'],
          },
        ],
      },
      'HUNTS_FILE (test.yaml)',
    );
    expect(hunts).toEqual([]);
    const text = problems.join('\n');
    expect(text).toContain('hunt ok: the name is used twice');
    expect(text).toContain('hunt kql: the name kql is reserved');
    expect(text).toContain('hunt typo: parameter host: unknown type hostname');
    expect(text).toContain('hunt unused: parameter ip is never used');
    expect(text).toContain('hunt undeclared: the KQL uses {sha256}, which is not in parameters');
    expect(text).toContain('hunt bad-default: parameter hours: the default 9999 must be');
  });

  it('names shape problems (a bad name, an unknown role) by the hunt too', () => {
    const { problems } = parseHunts({
      hunts: [{ name: 'Bad Name', description: 'x', kql: 'T', role: 'boss' }],
    });
    expect(problems.join('\n')).toMatch(/hunt Bad Name name: must be lower-case/);
    expect(problems.join('\n')).toMatch(/hunt Bad Name role: must be one of viewer/);
  });
});
