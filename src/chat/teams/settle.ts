// Runs the core's handler without letting it throw past the adapter.
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
