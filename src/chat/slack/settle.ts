// Runs the core's handler without letting it throw past the adapter, and races it against Slack's
// ack deadline so the 3-second acknowledgement is never lost.
import type { ImmediateAnswer, InteractionHandler } from '../../app/types.js';
import type { Interaction } from '../../core/index.js';

export type Settled = { ok: true; answer: ImmediateAnswer } | { ok: false; error: unknown };

export function settle(handler: InteractionHandler, interaction: Interaction): Promise<Settled> {
  return Promise.resolve()
    .then(() => handler(interaction))
    .then(
      (answer): Settled => ({ ok: true, answer }),
      (error: unknown): Settled => ({ ok: false, error }),
    );
}

/** The settled result, or 'late' when it did not arrive within `ms`. */
export async function within(pending: Promise<Settled>, ms: number): Promise<Settled | 'late'> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  try {
    return await Promise.race([pending, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
