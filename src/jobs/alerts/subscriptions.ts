// Alert subscriptions in Redis: one per chat conversation, in the hash `<prefix>:alerts:subs`
// keyed by "<platform>:<conversation id>". Read back through zod, so a damaged entry is skipped.
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { SEVERITIES, type Severity } from '../../core/vocabulary.js';
import type { ChatUser, ConversationRef, Platform } from '../../core/interaction.js';
import { alertKeys, subscriptionKey } from './keys.js';

export interface Subscription {
  key: string;
  platform: Platform;
  conversation: ConversationRef;
  /** Threshold: this severity and above. */
  minSeverity: Severity;
  /** Only alerts of machines in these device groups (MDE rbacGroupName); absent = all groups. */
  deviceGroups?: string[];
  createdBy: ChatUser;
  createdAt: string;
}

const platform = z.enum(['slack', 'teams']);
const optional = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);

const conversationSchema = z
  .object({
    platform,
    id: z.string().min(1),
    tenantId: optional,
    serviceUrl: optional,
    platformData: z.record(z.string(), z.unknown()).nullish(),
  })
  .transform((c): ConversationRef => ({
    platform: c.platform,
    id: c.id,
    tenantId: c.tenantId,
    serviceUrl: c.serviceUrl,
    platformData: c.platformData ?? undefined,
  }));

const userSchema = z
  .object({
    platform,
    id: z.string().min(1),
    tenantId: optional,
    displayName: optional,
    email: optional,
    aadObjectId: optional,
  })
  .transform((u): ChatUser => ({
    platform: u.platform,
    id: u.id,
    tenantId: u.tenantId,
    displayName: u.displayName,
    email: u.email,
    aadObjectId: u.aadObjectId,
  }));

const subscriptionSchema = z.object({
  key: z.string().min(1),
  platform,
  conversation: conversationSchema,
  minSeverity: z.enum(SEVERITIES),
  deviceGroups: z.array(z.string().min(1)).optional(),
  createdBy: userSchema,
  createdAt: z.iso.datetime(),
});

export function parseSubscription(raw: string | null | undefined): Subscription | undefined {
  if (!raw) return undefined;
  try {
    const parsed = subscriptionSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export interface SubscriptionStore {
  get(conversation: Pick<ConversationRef, 'platform' | 'id'>): Promise<Subscription | undefined>;
  /** Creates or replaces the conversation's subscription. */
  put(input: {
    conversation: ConversationRef;
    minSeverity: Severity;
    deviceGroups?: string[];
    createdBy: ChatUser;
    now?: Date;
  }): Promise<Subscription>;
  /** True when there was one to remove. */
  remove(conversation: Pick<ConversationRef, 'platform' | 'id'>): Promise<boolean>;
  list(): Promise<Subscription[]>;
}

export function createSubscriptionStore(redis: Redis, prefix: string): SubscriptionStore {
  const hash = alertKeys(prefix).subscriptions;
  return {
    async get(conversation) {
      return parseSubscription(await redis.hget(hash, subscriptionKey(conversation)));
    },
    async put(input) {
      const subscription: Subscription = {
        key: subscriptionKey(input.conversation),
        platform: input.conversation.platform,
        conversation: input.conversation,
        minSeverity: input.minSeverity,
        ...(input.deviceGroups && input.deviceGroups.length > 0 ? { deviceGroups: input.deviceGroups } : {}),
        createdBy: input.createdBy,
        createdAt: (input.now ?? new Date()).toISOString(),
      };
      await redis.hset(hash, subscription.key, JSON.stringify(subscription));
      return subscription;
    },
    async remove(conversation) {
      return (await redis.hdel(hash, subscriptionKey(conversation))) > 0;
    },
    async list() {
      const all = await redis.hgetall(hash);
      return Object.values(all)
        .map((raw) => parseSubscription(raw))
        .filter((s): s is Subscription => s !== undefined);
    },
  };
}
