// Teams has no ephemeral messages, so a typed command's "working on it" card is a reply everyone sees.
// Its result takes its place: the adapter records the card it sent, the worker records that a result
// arrived, and whichever comes second acts — the worker updates the card (to the public result or the
// job's failure, or to a one-line pointer to a private result), or the adapter removes or points its
// card at a result that was faster than the card (a failure that was faster went out privately). One
// atomic claim each (a Lua script), so exactly one of them acts.
import type { Redis } from 'ioredis';
import type { MessageRef, OutgoingMessage } from '../../core/index.js';

/** Long enough for any command's result; the hash is gone after. */
const HANDOFF_TTL_MS = 60 * 60_000;

/** Stores our field unless the other side's is there already; answers that other field. */
const CLAIM = `
local other = redis.call('HGET', KEYS[1], ARGV[3])
if other then return other end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return false`;

export type ResultAudience = 'public' | 'private';

export interface WorkingHandoff {
  /** The adapter sent the working card: undefined, or how the result that came first was shown. */
  claimWorking(correlationId: string, card: MessageRef): Promise<ResultAudience | undefined>;
  /** The worker has a result: the working card to take the place of, or undefined if there is none yet. */
  claimResult(correlationId: string, audience: ResultAudience): Promise<MessageRef | undefined>;
}

export function createWorkingHandoff(redis: Pick<Redis, 'eval'>, prefix: string): WorkingHandoff {
  const key = (correlationId: string) => `${prefix}:teams:working:${correlationId}`;
  const claim = async (correlationId: string, mine: string, value: string, other: string) => {
    const found = await redis.eval(CLAIM, 1, key(correlationId), mine, value, other, String(HANDOFF_TTL_MS));
    return typeof found === 'string' ? found : undefined;
  };
  return {
    async claimWorking(correlationId, card) {
      const result = await claim(correlationId, 'working', JSON.stringify(card), 'result');
      return result === 'public' || result === 'private' ? result : undefined;
    },
    async claimResult(correlationId, audience) {
      const card = await claim(correlationId, 'result', audience, 'working');
      if (!card) return undefined;
      try {
        const ref = JSON.parse(card) as MessageRef;
        return typeof ref.messageId === 'string' && typeof ref.conversation?.id === 'string'
          ? ref
          : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** What the working card says once the result went to the person privately. */
export const ANSWERED_PRIVATELY_TEXT = 'Answered you in a private chat.';

export function answeredPrivately(): OutgoingMessage {
  return {
    text: ANSWERED_PRIVATELY_TEXT,
    card: {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'TextBlock', text: ANSWERED_PRIVATELY_TEXT, isSubtle: true, wrap: true }],
    },
  };
}
