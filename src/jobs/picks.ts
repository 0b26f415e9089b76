// Pick lists that continue the command: when a command's machine matches several, each entry of the
// pick list gets a button that runs the same command with that machine. The command (verb, options,
// reason) stays here, server-side (`<prefix>:pick:<id>`); the button carries only `<id>-<index>`. Only
// the person who asked may press it, until it expires.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { PickContinuation } from '../cards/index.js';
import type { Command } from '../commands/index.js';
import type { ChatUser } from '../core/interaction.js';
import type { MachineResolution } from '../defender/index.js';

/** A pick list's buttons work this long. */
export const PICK_TTL_MS = 15 * 60_000;

/** Which field of the command names the machine. */
export type MachineField = 'machine' | 'query';

export interface PickRecord {
  command: Command;
  field: MachineField;
  requester: ChatUser;
  /** The machines offered, in the list's order. */
  machineIds: string[];
}

const recordSchema = z.object({
  command: z.looseObject({ verb: z.string() }),
  field: z.enum(['machine', 'query']),
  requester: z.looseObject({ platform: z.enum(['slack', 'teams']), id: z.string().min(1) }),
  machineIds: z
    .array(z.string().regex(/^[0-9a-f]{40}$/i))
    .min(1)
    .max(50),
});

const PICK_ID = /^([A-Za-z0-9_]{16})-(\d{1,2})$/;

/** The button id of one entry. */
export const pickButtonId = (pickId: string, index: number): string => `${pickId}-${index}`;

export function parsePickButton(id: string): { pickId: string; index: number } | undefined {
  const match = PICK_ID.exec(id);
  return match ? { pickId: match[1]!, index: Number(match[2]) } : undefined;
}

export interface PickStore {
  create(record: PickRecord): Promise<string>;
  get(pickId: string): Promise<PickRecord | undefined>;
}

export function createPickStore(redis: Redis, prefix: string, ttlMs = PICK_TTL_MS): PickStore {
  const key = (id: string) => `${prefix}:pick:${id}`;
  return {
    async create(record) {
      // 12 random bytes, base64url without '-' (the separator of the entry's index).
      const id = randomBytes(12).toString('base64url').replaceAll('-', '_');
      await redis.set(key(id), JSON.stringify(record), 'PX', ttlMs);
      return id;
    },
    async get(pickId) {
      if (!/^[A-Za-z0-9_]{16}$/.test(pickId)) return undefined;
      const raw = await redis.get(key(pickId));
      if (!raw) return undefined;
      try {
        const parsed = recordSchema.safeParse(JSON.parse(raw));
        return parsed.success ? (parsed.data as unknown as PickRecord) : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * The continue buttons of a pick list for `command` (its machine in `field`), stored for the asker;
 * undefined when the resolution is no pick list or no store is wired.
 */
export async function continuation(
  picks: Pick<PickStore, 'create'> | undefined,
  command: Command,
  field: MachineField,
  requester: { actor: ChatUser },
  resolution: MachineResolution,
): Promise<PickContinuation | undefined> {
  if (!picks || resolution.kind !== 'many') return undefined;
  const machineIds = resolution.candidates.map((machine) => machine.id);
  const pickId = await picks.create({ command, field, requester: requester.actor, machineIds });
  const word = command.verb.charAt(0).toUpperCase() + command.verb.slice(1);
  return { title: `${word} this one`, ids: machineIds.map((_, index) => pickButtonId(pickId, index)) };
}
