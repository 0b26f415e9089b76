// Redis keys and BullMQ job ids of alert notifications, in one place so every process agrees on them.
import { createHash } from 'node:crypto';
import type { ConversationRef } from '../../core/interaction.js';
import { sanitizeJobId } from '../job-ids.js';

/** A subscription's key: one per chat conversation, e.g. "slack:C024BE91L". */
export function subscriptionKey(conversation: Pick<ConversationRef, 'platform' | 'id'>): string {
  return `${conversation.platform}:${conversation.id}`;
}

export const alertKeys = (prefix: string) => ({
  subscriptions: `${prefix}:alerts:subs`,
  cursor: `${prefix}:alerts:cursor`,
  sent: (subKey: string) => `${prefix}:alerts:sent:${subKey}`,
  pruned: (subKey: string) => `${prefix}:alerts:pruned:${subKey}`,
  info: (alertId: string) => `${prefix}:alerts:info:${alertId}`,
  cards: (alertId: string) => `${prefix}:alerts:cards:${alertId}`,
});

const shortHash = (text: string): string => createHash('sha1').update(text).digest('hex').slice(0, 16);

/** Conversation ids are chat-chosen: hash them, and sanitize the rest. */
const safe = sanitizeJobId;

export const alertJobIds = {
  /** One post per (subscription, alert), however many polls or workers see the alert. */
  post: (subKey: string, alertId: string) => `alert-${shortHash(subKey)}-${safe(alertId)}`,
  update: (subKey: string, alertId: string, shown: string) =>
    `alertupd-${shortHash(subKey)}-${safe(alertId)}-${shortHash(shown)}`,
  digest: (subKey: string, alertIds: readonly string[]) =>
    `alertdigest-${shortHash(subKey)}-${shortHash([...alertIds].sort().join(','))}`,
};
