// Verified Bot Framework activities -> the neutral Interaction. The actor always comes from the
// activity's `from` (covered by the JWT check), never from a button's data.
import { randomUUID } from 'node:crypto';
import { TurnContext, type Activity } from 'botbuilder';
import {
  currentCorrelationId,
  type ChatUser,
  type ConversationRef,
  type Interaction,
  type InteractionInput,
} from '../../core/index.js';
import type { MemberIdentity, MemberLookup } from './members.js';
import {
  activityOriginSchema,
  conversationReferenceSchema,
  type ActivityOrigin,
  type StoredConversationReference,
} from './payloads.js';
import { tenantOfActivity } from './tenant.js';

export function originOf(activity: Partial<Activity>): ActivityOrigin | undefined {
  const parsed = activityOriginSchema.safeParse(activity);
  return parsed.success ? parsed.data : undefined;
}

/** The same tenant the tenant gate admitted (channelData first), lower case. */
function tenantOf(origin: ActivityOrigin): string | undefined {
  return tenantOfActivity(origin);
}

/** The activity's ConversationReference as plain JSON, or undefined when it lacks what a later post needs. */
export function referenceOf(activity: Partial<Activity>): StoredConversationReference | undefined {
  const json: unknown = JSON.parse(JSON.stringify(TurnContext.getConversationReference(activity)));
  const parsed = conversationReferenceSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The actor with everything the platform verified: the activity's `from`, its tenant, and what the
 * member API said (or that it could not be asked, which the core treats with suspicion).
 */
export function teamsActor(origin: ActivityOrigin, member: MemberIdentity | 'unavailable'): ChatUser {
  const known = member === 'unavailable' ? undefined : member;
  return {
    platform: 'teams',
    id: origin.from.id,
    tenantId: tenantOf(origin),
    displayName: origin.from.name,
    email: known?.email,
    // The activity's own claim first; the member API's answer when the activity carried none.
    aadObjectId: origin.from.aadObjectId ?? known?.aadObjectId,
    userPrincipalName: known?.userPrincipalName,
    ...(member === 'unavailable' ? { directory: 'unavailable' as const } : {}),
  };
}

/** The actor of a turn, with the member API asked (or its cached answer) for email and UPN. */
export async function verifiedActor(
  context: TurnContext,
  origin: ActivityOrigin,
  members: MemberLookup,
): Promise<ChatUser> {
  const tenantId = tenantOf(origin);
  // The tenant gate lets no activity without a tenant through; without one there is no cache key either.
  const member = tenantId === undefined ? 'unavailable' : await members(context, tenantId, origin.from.id);
  return teamsActor(origin, member);
}

export function teamsConversation(
  origin: ActivityOrigin,
  reference: StoredConversationReference | undefined,
): ConversationRef {
  return {
    platform: 'teams',
    id: origin.conversation.id,
    tenantId: tenantOf(origin),
    serviceUrl: origin.serviceUrl,
    platformData: reference,
  };
}

/** The command typed after the bot's @mention: the mention and any other <at>…</at> leftovers removed. */
export function commandText(activity: Partial<Activity>): string {
  const withoutBot = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
  return withoutBot
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/&nbsp;/gi, ' ')
    .trim();
}

/** Teams re-sends an activity with the same id; conversation + id names one delivery. */
export function deliveryIdOf(activity: Partial<Activity>, origin: ActivityOrigin): string | undefined {
  return activity.id ? `teams:${origin.conversation.id}:${activity.id}` : undefined;
}

export function interactionOf(
  activity: Partial<Activity>,
  origin: ActivityOrigin,
  actor: ChatUser,
  input: InteractionInput,
  receivedAt: number,
): Interaction {
  const deliveryId = deliveryIdOf(activity, origin);
  return {
    platform: 'teams',
    actor,
    conversation: teamsConversation(origin, referenceOf(activity)),
    input,
    receivedAt,
    // The id the HTTP request was given (route.ts), so lines written before this one name it too.
    correlationId: currentCorrelationId() ?? randomUUID(),
    ...(deliveryId ? { deliveryId } : {}),
  };
}
