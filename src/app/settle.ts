// Runs the core's handler for an adapter without letting it throw past the adapter: the platform
// must always get its answer (Slack's ack, Teams' turn reply or invoke response).
import type { Interaction } from '../core/interaction.js';
import type { ImmediateAnswer, InteractionHandler } from './types.js';

export type Settled = { ok: true; answer: ImmediateAnswer } | { ok: false; error: unknown };

export function settle(handler: InteractionHandler, interaction: Interaction): Promise<Settled> {
  return Promise.resolve()
    .then(() => handler(interaction))
    .then(
      (answer): Settled => ({ ok: true, answer }),
      (error: unknown): Settled => ({ ok: false, error }),
    );
}
