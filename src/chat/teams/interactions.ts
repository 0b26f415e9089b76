// Verified Bot Framework activities -> the neutral Interaction. The actor always comes from the
// activity's `from` (covered by the JWT check), never from a button's data.
import { randomUUID } from 'node:crypto';
import { TurnContext, type Activity } from 'botbuilder';
import { currentCorrelationId, type ChatUser, type ConversationRef, type Interaction, type InteractionInput } from '../../core/index.js';
import { activityOriginSchema, conversationReferenceSchema, type ActivityOrigin, type StoredConversationReference } from './payloads.js';

export function originOf(activity: Partial<Activity>): ActivityOrigin | undefined {
  const parsed = activityOriginSchema.safeParse(activity);
  return parsed.success ? parsed.data : undefined;
}

function tenantOf(origin: ActivityOrigin): string | undefined {
  return origin.conversation.tenantId ?? origin.channelData?.tenant?.id;
}

/** The activity's ConversationReference as plain JSON, or undefined when it lacks what a later post needs. */
export function referenceOf(activity: Partial<Activity>): StoredConversationReference | undefined {
  const json: unknown = JSON.parse(JSON.stringify(TurnContext.getConversationReference(activity)));
  const parsed = conversationReferenceSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

export function teamsActor(origin: ActivityOrigin): ChatUser {
  return {
    platform: 'teams',
    id: origin.from.id,
    tenantId: tenantOf(origin),
    displayName: origin.from.name,
    email: undefined,
    aadObjectId: origin.from.aadObjectId,
  };
}

export function teamsConversation(origin: ActivityOrigin, reference: StoredConversationReference | undefined): ConversationRef {
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

export function interactionOf(activity: Partial<Activity>, origin: ActivityOrigin, input: InteractionInput, receivedAt: number): Interaction {
  return {
    platform: 'teams',
    actor: teamsActor(origin),
    conversation: teamsConversation(origin, referenceOf(activity)),
    input,
    receivedAt,
    // The id the HTTP request was given (route.ts), so lines written before this one name it too.
    correlationId: currentCorrelationId() ?? randomUUID(),
  };
}
