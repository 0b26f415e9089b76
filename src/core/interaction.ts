// The neutral chat model: what every platform adapter turns its verified events into,
// and the Reply port through which the core answers without knowing the platform.

export type Platform = 'slack' | 'teams';

/** A chat user as verified by the platform (never taken from card data). */
export interface ChatUser {
  platform: Platform;
  /** Slack user id (U…) or Teams `from.id` (29:…). */
  id: string;
  /** Slack team id or Teams/Entra tenant id. */
  tenantId: string | undefined;
  displayName: string | undefined;
  /** Slack: the profile email from users.info. Teams: the email the Bot Connector member API gives. */
  email: string | undefined;
  /**
   * Entra object id: Teams `from.aadObjectId`; for Slack, the Entra account this chat account
   * bound with `login`, if any.
   */
  aadObjectId: string | undefined;
  /** Teams: the user principal name the Bot Connector member API gives (often, not always, the email). */
  userPrincipalName?: string | undefined;
  /**
   * 'unavailable' when the platform's directory (Slack users.info, the Bot Connector member API)
   * could not be asked, so `email` may be missing although the person has one. Four-eyes refuses
   * such a user rather than risk a self-approval. Absent: every lookup answered.
   */
  directory?: 'unavailable';
}

/** Where a message lives, enough for the worker to post into it later with nobody typing. */
export interface ConversationRef {
  platform: Platform;
  /** Slack channel id or Teams conversation id. */
  id: string;
  tenantId: string | undefined;
  /** Teams: the Bot Connector base URL for this conversation. */
  serviceUrl: string | undefined;
  /** Teams: the serialized botbuilder ConversationReference, kept opaque to the core. */
  platformData: Readonly<Record<string, unknown>> | undefined;
}

export type InteractionInput =
  | { kind: 'command'; text: string }
  /**
   * A button click: only the opaque id the card carried, plus the verb (approve, deny, …), and for a
   * form's submit what the person entered in its inputs (by input id; untrusted text, checked by the core).
   */
  | {
      kind: 'cardAction';
      actionId: string;
      verb: string;
      messageId: string | undefined;
      values?: Readonly<Record<string, string>>;
    };

export interface Interaction {
  platform: Platform;
  actor: ChatUser;
  conversation: ConversationRef;
  input: InteractionInput;
  /** Epoch ms at which the adapter received the verified request. */
  receivedAt: number;
  /** Follows the request from chat event to MDE call to card update in logs. */
  correlationId: string;
  /**
   * The platform's own id of this delivery, the same on a redelivery (Slack `trigger_id` or
   * `event_id`, Teams `conversation.id` + `activity.id`): a retried request is recognised by it.
   */
  deliveryId?: string;
}

/** An Adaptive Card (schema 1.5) as JSON. Slack adapters convert it to Block Kit. */
export type AdaptiveCardJson = Readonly<Record<string, unknown>>;

export interface OutgoingMessage {
  card: AdaptiveCardJson;
  /** Plain-text fallback for notifications and clients that cannot show cards. */
  text: string;
}

export interface MessageRef {
  conversation: ConversationRef;
  /** Slack message ts or Teams activity id. */
  messageId: string;
}

/** The port each platform implements; the worker posts only through it. */
export interface PostOptions {
  /**
   * Unique to one queued post and stamped on the message where the platform allows, so a retry
   * after a crash can find a post whose answer never arrived instead of posting twice.
   */
  postKey?: string;
}

export interface Reply {
  post(conversation: ConversationRef, message: OutgoingMessage, options?: PostOptions): Promise<MessageRef>;
  /**
   * A message this bot posted with `postKey` no earlier than `sinceMs`, if the platform can read its
   * own messages back (Slack); absent where it cannot (Teams' Bot Connector has no history).
   */
  findPost?(conversation: ConversationRef, postKey: string, sinceMs: number): Promise<MessageRef | undefined>;
  update(ref: MessageRef, message: OutgoingMessage): Promise<void>;
  /** Visible only to `user` (Slack ephemeral; Teams personal chat). */
  postPrivate(conversation: ConversationRef, user: ChatUser, message: OutgoingMessage): Promise<void>;
  /** Shares a file into the conversation, where the platform lets a bot do that (Slack); absent elsewhere. */
  uploadFile?(conversation: ConversationRef, file: UploadedFile): Promise<void>;
  /** Sends a file to `user` alone (Slack: their direct messages with the bot); absent elsewhere. */
  uploadPrivately?(conversation: ConversationRef, user: ChatUser, file: UploadedFile): Promise<void>;
  /**
   * A command's result meets the "working on it" message its command was answered with at once, so
   * one message stays. Teams updates that message to a public result or to the job's failure, and to
   * a one-line pointer for a private result (which still goes out privately). Slack replaces its
   * ephemeral working message with a private result or a failure, and deletes it for a public one,
   * which the caller then posts. `delivered`: the result itself is shown (at `ref` when it is
   * public), so the caller posts nothing more; otherwise the caller sends it as it would without a
   * working message. `failure`: the job ended failed and `message` tells the requester why (plain
   * words, nothing a private result would hold).
   */
  finishWorking?(
    conversation: ConversationRef,
    correlationId: string,
    result: { audience: 'public' | 'private' | 'failure'; message: OutgoingMessage },
  ): Promise<{
    delivered: boolean;
    ref?: MessageRef;
    /** The working message could not be changed for a reason that may pass: trying later may still reach it. */
    retry?: true;
  }>;
}

/** A text file the bot shares in a conversation (a hunt's CSV). */
export interface UploadedFile {
  filename: string;
  title: string;
  content: string;
}
