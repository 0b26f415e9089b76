// The playground's chat history: what users typed and what the bot posted through the fake Slack
// Web API and the fake Bot Connector, per platform, with private messages kept to their one user.
import type { PlaygroundPlatform } from './users.js';

export type Author = { kind: 'bot' } | { kind: 'user'; id: string; name: string };

export interface PlaygroundMessage {
  platform: PlaygroundPlatform;
  /** Slack ts or Teams activity id. */
  id: string;
  /** Slack channel id or Teams conversation id. */
  conversation: string;
  author: Author;
  text: string;
  /** Slack: the Block Kit blocks as the bot sent them. */
  blocks?: unknown[];
  /** Teams: the Adaptive Card as the bot sent it. */
  card?: unknown;
  /** Set for a Slack ephemeral or a Teams 1:1 message: only this user sees it. */
  visibleTo?: string;
  edited: boolean;
  /** Teams: the card an Action.Execute answered, which replaces the card for the clicking user only. */
  cardForUser: Record<string, unknown>;
  /** Arrival order (ids are platform-specific strings). */
  seq: number;
}

export type NewMessage = Omit<PlaygroundMessage, 'seq' | 'edited' | 'cardForUser'>;
export type MessagePatch = Partial<Pick<PlaygroundMessage, 'text' | 'blocks' | 'card'>>;

/** What one user sees: the per-user card already applied. */
export type VisibleMessage = Omit<PlaygroundMessage, 'cardForUser'>;

const MAX_MESSAGES = 500;

export class MessageStore {
  private readonly messages: PlaygroundMessage[] = [];
  private seq = 0;
  private tsCounter = 0;
  private lastActivityId = 0;
  /** Bumped on every change, so a poller can tell nothing changed. */
  revision = 0;

  add(message: NewMessage): PlaygroundMessage {
    const stored: PlaygroundMessage = { ...message, edited: false, cardForUser: {}, seq: ++this.seq };
    this.messages.push(stored);
    if (this.messages.length > MAX_MESSAGES) this.messages.shift();
    this.revision++;
    return stored;
  }

  find(platform: PlaygroundPlatform, id: string): PlaygroundMessage | undefined {
    return this.messages.find((message) => message.platform === platform && message.id === id);
  }

  /** Replaces a message's content for everyone (chat.update, updateActivity); false when unknown. */
  update(platform: PlaygroundPlatform, id: string, patch: MessagePatch): boolean {
    const message = this.find(platform, id);
    if (!message) return false;
    Object.assign(message, patch, { edited: true, cardForUser: {} });
    this.revision++;
    return true;
  }

  /** Deletes a message (chat.delete, deleteActivity, response_url delete_original); false when unknown. */
  remove(platform: PlaygroundPlatform, id: string): boolean {
    const index = this.messages.findIndex((message) => message.platform === platform && message.id === id);
    if (index < 0) return false;
    this.messages.splice(index, 1);
    this.revision++;
    return true;
  }

  /** Shows a message that was private to everyone (a slash command answered in_channel). */
  publish(platform: PlaygroundPlatform, id: string): void {
    const message = this.find(platform, id);
    if (!message) return;
    delete message.visibleTo;
    this.revision++;
  }

  setCardForUser(platform: PlaygroundPlatform, id: string, userId: string, card: unknown): boolean {
    const message = this.find(platform, id);
    if (!message) return false;
    message.cardForUser[userId] = card;
    this.revision++;
    return true;
  }

  visibleTo(platform: PlaygroundPlatform, userId: string): VisibleMessage[] {
    return this.messages
      .filter(
        (message) =>
          message.platform === platform && (message.visibleTo === undefined || message.visibleTo === userId),
      )
      .map(({ cardForUser, ...message }) =>
        userId in cardForUser ? { ...message, card: cardForUser[userId] } : message,
      );
  }

  /** A fresh Teams-style activity id (epoch milliseconds), unique in this store. */
  nextActivityId(): string {
    this.lastActivityId = Math.max(this.lastActivityId + 1, Date.now());
    return String(this.lastActivityId);
  }

  /** A fresh Slack-style ts (seconds.micro), unique in this store. */
  nextTs(): string {
    this.tsCounter++;
    return `${Math.floor(Date.now() / 1000)}.${String(this.tsCounter).padStart(6, '0')}`;
  }
}
