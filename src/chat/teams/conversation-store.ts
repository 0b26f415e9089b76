// Where the bot can post later with nobody typing: one Bot Framework ConversationReference per Teams
// conversation in Redis, kept when the bot is added or spoken to and dropped when it is removed.
import type { Redis } from 'ioredis';
import { conversationReferenceSchema, type StoredConversationReference } from './payloads.js';

export interface ConversationStore {
  save(reference: StoredConversationReference): Promise<void>;
  /** Undefined when nothing is stored or the stored value is not a valid reference. */
  get(conversationId: string): Promise<StoredConversationReference | undefined>;
  delete(conversationId: string): Promise<void>;
}

export function conversationKey(prefix: string, conversationId: string): string {
  return `${prefix}:teams:conv:${conversationId}`;
}

function parse(raw: string | null): StoredConversationReference | undefined {
  if (raw === null) return undefined;
  try {
    const parsed = conversationReferenceSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function createConversationStore(redis: Redis, prefix: string): ConversationStore {
  return {
    async save(reference) {
      const valid = conversationReferenceSchema.parse(reference);
      await redis.set(conversationKey(prefix, valid.conversation.id), JSON.stringify(valid));
    },
    async get(conversationId) {
      return parse(await redis.get(conversationKey(prefix, conversationId)));
    },
    async delete(conversationId) {
      await redis.del(conversationKey(prefix, conversationId));
    },
  };
}
