// What the core answers an adapter at once, before any MDE work: the adapters render it in their
// platform's synchronous reply (Slack's ack body, Teams' turn reply or invoke response).
import type { Interaction, OutgoingMessage } from '../core/interaction.js';

export type ImmediateAnswer =
  /**
   * Only the acting user sees it (Slack ephemeral; Teams reply in the same conversation). `working`:
   * it says the command was queued; the result later takes its place (Reply.finishWorking).
   */
  | { visibility: 'private'; message: OutgoingMessage; working?: true }
  /**
   * Must never be seen by anyone else, even where the platform has no ephemeral messages (a sign-in
   * link): Slack ephemeral; Teams a 1:1 chat with the user.
   */
  | { visibility: 'direct'; message: OutgoingMessage }
  /** Everyone in the conversation sees it. */
  | { visibility: 'channel'; message: OutgoingMessage }
  /**
   * A card action whose card must change in place at once (Teams Action.Execute invoke response,
   * Slack replace_original); `message` is the card's new content.
   */
  | { visibility: 'replace'; message: OutgoingMessage }
  /**
   * A form to fill in first (Slack opens it as a modal; Teams shows its forms on the card itself):
   * `message.card` holds the inputs and one submit action.
   */
  | { visibility: 'form'; message: OutgoingMessage }
  /** Nothing to say now (the worker will post). */
  | { visibility: 'none' };

/** The core's entry point, implemented by the dispatcher in src/app and called by every adapter. */
export type InteractionHandler = (interaction: Interaction) => Promise<ImmediateAnswer>;
