// The front door's one Redis round trip per interaction, before any work: a redelivery (the same
// platform delivery id: a Slack retry, a Teams activity sent twice) is recognised and not run again,
// and a command is counted against COMMAND_RATE_PER_MINUTE for every identity of the person, so the
// limit holds across their chat accounts (a Slack and a Teams account sharing a mailbox or Entra id).
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { personKeys } from '../authz/index.js';
import type { Interaction } from '../core/interaction.js';

/** Longer than any platform retries: Slack's retries end within minutes. */
const REMEMBER_DELIVERY_SECONDS = 24 * 60 * 60;
const RATE_WINDOW_MS = 60_000;

export type Admission =
  { kind: 'admitted' } | { kind: 'redelivery' } | { kind: 'over-rate'; retryAfterMs: number };

export interface Doorkeeper {
  admit(interaction: Interaction): Promise<Admission>;
}

/**
 * KEYS: [delivery key if ARGV[1] == '1'], then one counter per identity of the person.
 * ARGV: has delivery key, delivery memory (s), commands per window, window (ms).
 * Returns -1 for a redelivery (nothing counted), else the ms until the person may send again (0: now).
 * A refused command still counts: hammering does not shorten the wait.
 */
const ADMIT = `
local first = 1
if ARGV[1] == '1' then
  if not redis.call('SET', KEYS[1], '1', 'EX', ARGV[2], 'NX') then return -1 end
  first = 2
end
local limit = tonumber(ARGV[3])
local wait = 0
for i = first, #KEYS do
  local used = redis.call('INCR', KEYS[i])
  if used == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[4]) end
  if used > limit then
    local left = redis.call('PTTL', KEYS[i])
    if left < 0 then left = tonumber(ARGV[4]) end
    if left > wait then wait = left end
  end
end
return wait
`;

const hashed = (value: string) => createHash('sha256').update(value, 'utf8').digest('base64url');

export function createDoorkeeper(
  redis: Pick<Redis, 'eval'>,
  prefix: string,
  commandsPerMinute: number,
): Doorkeeper {
  return {
    async admit(interaction) {
      // Hashed: delivery ids are the platforms' own strings, identities are mail addresses.
      const delivery =
        interaction.deliveryId === undefined ? [] : [`${prefix}:delivery:${hashed(interaction.deliveryId)}`];
      const counters =
        interaction.input.kind === 'command'
          ? personKeys(interaction.actor).map((identity) => `${prefix}:cmdrate:${hashed(identity)}`)
          : [];
      if (delivery.length === 0 && counters.length === 0) return { kind: 'admitted' };
      const keys = [...delivery, ...counters];
      const answer = Number(
        await redis.eval(
          ADMIT,
          keys.length,
          ...keys,
          delivery.length === 1 ? '1' : '0',
          REMEMBER_DELIVERY_SECONDS,
          commandsPerMinute,
          RATE_WINDOW_MS,
        ),
      );
      if (answer < 0) return { kind: 'redelivery' };
      return answer === 0 ? { kind: 'admitted' } : { kind: 'over-rate', retryAfterMs: answer };
    },
  };
}
