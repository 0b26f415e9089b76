// What the Slack listeners share: the core's handler, the Reply port, the directory and the injected clock.
import type { InteractionHandler } from '../../app/index.js';
import type { Clock, Logger, Reply } from '../../core/index.js';
import type { SlackDirectory } from './directory.js';

export interface ListenerDeps {
  handler: InteractionHandler;
  reply: Reply;
  logger: Logger;
  /** The acting user's verified email (users.info), looked up before the core sees the request. */
  directory: SlackDirectory;
  /** Epoch ms; stamps Interaction.receivedAt. */
  clock: Clock;
  /** How long a slash command waits for the handler before acking and answering via response_url. */
  ackDeadlineMs: number;
}

export const FAILURE_TEXT = 'Something went wrong; try again.';
export { INVALID_BUTTON_TEXT } from '../../core/index.js';
