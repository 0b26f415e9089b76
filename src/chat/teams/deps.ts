// What the Teams turn handlers share: the core's handler, the conversation store and the injected clock,
// plus the adapter's own user-facing words.
import type { InteractionHandler } from '../../app/index.js';
import type { ChatUser, Clock, ConversationRef, Logger, OutgoingMessage } from '../../core/index.js';
import type { ConversationStore } from './conversation-store.js';
import type { MemberLookup } from './members.js';
import type { WorkingHandoff } from './working.js';

export interface TurnDeps {
  handler: InteractionHandler;
  store: ConversationStore;
  logger: Logger;
  /** Epoch ms; stamps Interaction.receivedAt. */
  clock: Clock;
  /** Email / UPN of the acting user from the Bot Connector member API (cached, time-bounded). */
  members: MemberLookup;
  /** A 1:1 chat with the user, for answers nobody else may see. */
  sendPrivately: (conversation: ConversationRef, user: ChatUser, message: OutgoingMessage) => Promise<void>;
  /** Where a typed command's working card meets its result; absent: the card stays as sent. */
  working?: WorkingHandoff;
}

export const SENT_PRIVATELY_TEXT = 'I sent you a private message.';

export const FAILURE_TEXT = 'Something went wrong; try again.';
export { INVALID_BUTTON_TEXT } from '../../core/index.js';
export const WORKING_TEXT = 'Working on it…';
