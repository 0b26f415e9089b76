// Verified Slack payloads -> the neutral Interaction. The actor always comes from the signed
// payload's user and team fields (plus the directory's email), never from a button's value.
import { randomUUID } from 'node:crypto';
import {
  currentCorrelationId,
  type ChatUser,
  type ConversationRef,
  type Interaction,
  type InteractionInput,
} from '../../core/index.js';
import { verbFromActionId } from './blockkit.js';
import type { DirectoryAnswer } from './directory.js';
import type { FormOrigin } from './modal.js';
import {
  opaqueActionIdSchema,
  verbSchema,
  type BlockActionsBody,
  type SlashCommandBody,
} from './payloads.js';

function slackUser(id: string, tenantId: string | undefined, displayName: string | undefined): ChatUser {
  return { platform: 'slack', id, tenantId, displayName, email: undefined, aadObjectId: undefined };
}

function slackConversation(
  id: string,
  tenantId: string | undefined,
  responseUrl: string | undefined,
): ConversationRef {
  return {
    platform: 'slack',
    id,
    tenantId,
    serviceUrl: undefined,
    platformData: responseUrl ? { responseUrl } : undefined,
  };
}

/** The user with what users.info said; when it could not be asked, marked so the core can refuse what needs it. */
export function withDirectoryAnswer(user: ChatUser, answer: DirectoryAnswer): ChatUser {
  return answer.ok
    ? { ...user, email: answer.email }
    : { ...user, email: undefined, directory: 'unavailable' };
}

export function interactionFromCommand(body: SlashCommandBody, receivedAt: number): Interaction {
  return {
    platform: 'slack',
    actor: slackUser(body.user_id, body.team_id, body.user_name),
    conversation: slackConversation(body.channel_id, body.team_id, body.response_url),
    input: { kind: 'command', text: body.text },
    receivedAt,
    // The id the HTTP request was given, so the lines Bolt wrote before this one name it too.
    correlationId: currentCorrelationId() ?? randomUUID(),
    ...(body.trigger_id ? { deliveryId: `slack:${body.trigger_id}` } : {}),
  };
}

export interface ClickContext {
  actor: ChatUser;
  conversation: ConversationRef;
  /** The payload's trigger_id: with the action's index, the delivery id of each clicked action. */
  triggerId: string | undefined;
}

/** The clicking user and where they clicked, or undefined when the click has no channel (e.g. a modal). */
export function actionContext(body: BlockActionsBody): ClickContext | undefined {
  if (!body.channel) return undefined;
  // The user's own workspace first: in a shared channel it is theirs, not the channel's.
  const userTeam = body.user.team_id ?? body.team?.id;
  return {
    actor: slackUser(body.user.id, userTeam, body.user.name ?? body.user.username),
    conversation: slackConversation(body.channel.id, body.team?.id ?? userTeam, body.response_url),
    triggerId: body.trigger_id,
  };
}

/** The card action behind one clicked button, or undefined when its value or action_id is not one we issued. */
export function cardActionInput(
  action: BlockActionsBody['actions'][number],
  messageId: string | undefined,
): InteractionInput | undefined {
  const actionId = opaqueActionIdSchema.safeParse(action.value);
  const verb = verbSchema.safeParse(verbFromActionId(action.action_id));
  if (!actionId.success || !verb.success) return undefined;
  return { kind: 'cardAction', actionId: actionId.data, verb: verb.data, messageId };
}

/**
 * `index`: the action's place in the payload. The first action takes the request's id; any further
 * action gets its own, since the id is also the job id that keeps one interaction from being queued
 * twice; the delivery id names the action's place so a retried payload maps onto the same ids.
 */
export function interactionFromAction(
  context: Pick<ClickContext, 'actor' | 'conversation' | 'triggerId'>,
  input: InteractionInput,
  receivedAt: number,
  index: number,
): Interaction {
  const correlationId = (index === 0 ? currentCorrelationId() : undefined) ?? randomUUID();
  return {
    platform: 'slack',
    actor: context.actor,
    conversation: context.conversation,
    input,
    receivedAt,
    correlationId,
    ...(context.triggerId ? { deliveryId: `slack:${context.triggerId}:${index}` } : {}),
  };
}

/** A submitted form (a modal of ours): the submit's click, with the values entered, where it was asked for. */
export function interactionFromSubmission(
  actor: ChatUser,
  origin: FormOrigin,
  values: Readonly<Record<string, string>> | undefined,
  teamId: string | undefined,
  deliveryId: string,
  receivedAt: number,
): Interaction {
  return {
    platform: 'slack',
    actor,
    conversation: slackConversation(origin.channel, teamId, undefined),
    input: {
      kind: 'cardAction',
      actionId: origin.id,
      verb: origin.verb,
      messageId: origin.messageTs,
      ...(values ? { values } : {}),
    },
    receivedAt,
    correlationId: currentCorrelationId() ?? randomUUID(),
    deliveryId,
  };
}
