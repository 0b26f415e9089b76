// Turns what a chat user typed (<name|id|ip>) into one machine, none, or a pick list — never a guess.
import { isIP } from 'node:net';
import { BotError } from '../core/errors.js';
import type { DefenderClient } from './client.js';
import { odataOr, odataString } from './odata.js';
import type { Machine } from './types.js';

export type MachineResolution =
  | { kind: 'one'; machine: Machine }
  | { kind: 'none'; query: string }
  | { kind: 'many'; query: string; candidates: Machine[] };

/** More candidates than this are not worth a pick list; the user must be more specific. */
export const MAX_CANDIDATES = 10;

const MACHINE_ID = /^[0-9a-f]{40}$/i;
const DNS_NAME = /^[A-Za-z0-9_'][A-Za-z0-9_.'-]{0,252}$/;

export async function resolveMachine(client: DefenderClient, rawQuery: string): Promise<MachineResolution> {
  const query = rawQuery.trim();
  if (query.length === 0 || query.length > 255) {
    throw new BotError('INVALID_INPUT', 'Give a machine name, MDE machine id or IP address.');
  }
  if (MACHINE_ID.test(query)) return byId(client, query);
  // The last IP MDE saw on the machine; findbyip would only find machines seen within 15 minutes.
  if (isIP(query) !== 0) {
    return fromList(
      query,
      await client.listMachines(`lastIpAddress eq ${odataString(query)}`, { top: MAX_CANDIDATES + 1 }),
    );
  }

  // A DNS name may contain characters a filter would mis-read; they reach MDE only as one escaped
  // literal. Anything that is not a plausible host name is refused before any call.
  if (!DNS_NAME.test(query)) {
    throw new BotError(
      'INVALID_INPUT',
      `“${query.slice(0, 80)}” is not a machine name, MDE machine id or IP address.`,
    );
  }
  const name = query.toLowerCase();
  const filter = name.includes('.')
    ? `computerDnsName eq ${odataString(name)}`
    : odataOr(
        `computerDnsName eq ${odataString(name)}`,
        `startswith(computerDnsName,${odataString(`${name}.`)})`,
      );
  const found = await client.listMachines(filter, { top: MAX_CANDIDATES + 1 });
  // startswith also matches deeper names (web-07.x.y); keep those whose first label is the name.
  const matches = found.filter(
    (m) => (m.computerDnsName ?? '').toLowerCase().split('.')[0] === name.split('.')[0],
  );
  return fromList(query, name.includes('.') ? found : matches);
}

/** A name search shows at most this many machines, the most recently seen first. */
export const MAX_SEARCH_RESULTS = 20;
/** How many prefix matches one search reads to rank (one MDE page): beyond it, "more than". */
export const SEARCH_READ = 200;

export interface MachineSearch {
  /** The most recently seen first, at most MAX_SEARCH_RESULTS. */
  machines: Machine[];
  /** Every match read (at most SEARCH_READ), the most recently seen first. */
  matches: Machine[];
  /** How many matched, up to SEARCH_READ; `more`: at least one beyond that. */
  total: number;
  more: boolean;
}

/**
 * Machines whose DNS name starts with `rawPrefix` (case-insensitive). The prefix reaches MDE only as
 * one escaped literal; anything that cannot start a host name is refused before any call.
 */
export async function findMachinesByPrefix(
  client: DefenderClient,
  rawPrefix: string,
): Promise<MachineSearch> {
  const prefix = rawPrefix.trim().toLowerCase();
  if (!DNS_NAME.test(prefix)) {
    throw new BotError(
      'INVALID_INPUT',
      `“${rawPrefix.slice(0, 80)}” cannot start a machine name: use letters, digits, dots and dashes.`,
    );
  }
  const found = await client.listMachines(`startswith(computerDnsName,${odataString(prefix)})`, {
    top: SEARCH_READ + 1,
  });
  const seen = (m: Machine) => (m.lastSeen ? Date.parse(m.lastSeen) : 0) || 0;
  const ranked = found.slice(0, SEARCH_READ).sort((a, b) => seen(b) - seen(a));
  return {
    machines: ranked.slice(0, MAX_SEARCH_RESULTS),
    matches: ranked,
    total: ranked.length,
    more: found.length > SEARCH_READ,
  };
}

async function byId(client: DefenderClient, id: string): Promise<MachineResolution> {
  try {
    return { kind: 'one', machine: await client.getMachine(id) };
  } catch (error) {
    if (error instanceof BotError && error.code === 'NOT_FOUND') return { kind: 'none', query: id };
    throw error;
  }
}

function fromList(query: string, machines: Machine[]): MachineResolution {
  const [first] = machines;
  if (first === undefined) return { kind: 'none', query };
  if (machines.length === 1) return { kind: 'one', machine: first };
  return { kind: 'many', query, candidates: machines.slice(0, MAX_CANDIDATES) };
}
