// `machine <prefix>*` and "did you mean" against the simulator through the bot's real Defender client:
// the most recently seen first, at most 20, hostile prefixes reaching MDE only as one escaped literal,
// and close names offered when a short name matches nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseCommand, declarationOf, type JobAnswer } from '../../src/commands/index.js';
import type { DefenderClient } from '../../src/defender/index.js';
import type { Simulator } from '../../src/sim/index.js';
import { createTestDefender } from '../helpers/defender.js';
import { startTestSimulator } from '../helpers/sim.js';

let sim: Simulator;
let client: DefenderClient;
const NOW = Date.parse('2030-01-01T12:00:00Z');

beforeAll(async () => {
  sim = await startTestSimulator({ seed: false });
  client = createTestDefender(sim).client;
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.reset(false);
  // web-01 … web-25, web-k seen k minutes before NOW; and two others.
  for (let k = 1; k <= 25; k += 1) {
    const name = `web-${String(k).padStart(2, '0')}.contoso.local`;
    sim.mde.addMachine({ computerDnsName: name, lastSeen: new Date(NOW - k * 60_000).toISOString() });
  }
  sim.mde.addMachine({ computerDnsName: "o'brien-laptop.contoso.local" });
  sim.mde.addMachine({ computerDnsName: 'db-01.contoso.local' });
});

async function machine(text: string): Promise<JobAnswer> {
  const parsed = parseCommand(`machine ${text}`);
  if (!parsed.ok || parsed.command.verb !== 'machine') throw new Error(`machine ${text} did not parse`);
  const declaration = declarationOf('machine');
  return declaration.run!(
    {
      defender: client,
      actor: {
        platform: 'slack',
        id: 'U1',
        tenantId: 'T1',
        displayName: 'a',
        email: undefined,
        aadObjectId: undefined,
      },
      now: new Date(NOW),
      followAction: () => Promise.resolve(false),
      alertCards: { refresh: () => Promise.resolve() },
    },
    parsed.command,
  );
}

const shown = (answer: JobAnswer): string =>
  answer.audience === 'none' ? '' : JSON.stringify(answer.message.card);
const machineFilters = () =>
  sim
    .calls()
    .filter((c) => c.method === 'GET' && c.path === '/api/machines')
    .map((c) => c.query.$filter);

describe('machine <prefix>*', () => {
  it('lists the 20 seen most recently as a pick list for the asker, saying how many matched', async () => {
    const answer = await machine('WEB*');
    expect(answer.audience).toBe('requester');
    const card = shown(answer);
    const names = [...card.matchAll(/web-(\d\d)\.contoso\.local/g)].map((m) => Number(m[1]));
    expect(names).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(card).toContain('Showing the 20 seen most recently of 25');
    expect(card).toContain('machine.show');
    expect(machineFilters().at(-1)).toBe("startswith(computerDnsName,'web')");
  });

  it('answers one match with its card, and none plainly', async () => {
    const one = await machine('db*');
    expect(one.audience).toBe('channel');
    expect(shown(one)).toContain('db-01.contoso.local');
    const none = await machine('zz*');
    expect(shown(none)).toMatch(/no machine whose name starts with “zz”/);
  });

  it('sends a hostile prefix only as one escaped literal, and refuses what cannot start a name before any call', async () => {
    const answer = await machine("o'brien*");
    expect(shown(answer)).toContain("o'brien-laptop.contoso.local");
    expect(machineFilters().at(-1)).toBe("startswith(computerDnsName,'o''brien')");
    const before = machineFilters().length;
    for (const hostile of ["web') or true or startswith(computerDnsName,'*", 'web%27*', 'a b*', '*'])
      await expect(machine(hostile)).rejects.toThrow(/cannot start a machine name|not a machine name/);
    expect(machineFilters()).toHaveLength(before);
  });
});

describe('did you mean', () => {
  it('offers up to 5 close names when a short name matches nothing', async () => {
    const answer = await machine('wbe-01');
    expect(answer.audience).toBe('requester');
    const card = shown(answer);
    expect(card).toContain('Did you mean');
    expect(card).toContain('web-01.contoso.local');
    expect([...card.matchAll(/web-\d\d\.contoso\.local/g)].length).toBeLessThanOrEqual(5);
  });

  it('says plainly that nothing matched when nothing is close', async () => {
    const card = shown(await machine('mailserver'));
    expect(card).toContain('No such machine');
    expect(card).not.toContain('Did you mean');
  });
});
