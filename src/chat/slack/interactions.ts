// Verified Slack payloads -> the neutral Interaction. The actor always comes from the signed
// payload's user and team fields, never from a button's value.
import { randomUUID } from 'node:crypto';
import { currentCorrelationId, type ChatUser, type ConversationRef, type Interaction, type InteractionInput } from '../../core/index.js';
import { verbFromActionId } from './blockkit.js';
import { opaqueActionIdSchema, verbSchema, type BlockActionsBody, type SlashCommandBody } from './payloads.js';

function slackUser(id: string, tenantId: string | undefined, displayName: string | undefined): ChatUser {
  return { platform: 'slack', id, tenantId, displayName, email: undefined, aadObjectId: undefined };
}

function slackConversation(id: string, tenantId: string | undefined, responseUrl: string | undefined): ConversationRef {
  return { platform: 'slack', id, tenantId, serviceUrl: undefined, platformData: responseUrl ? { responseUrl } : undefined };
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
  };
}

/** The clicking user and where they clicked, or undefined when the click has no channel (e.g. a modal). */
export function actionContext(body: BlockActionsBody): { actor: ChatUser; conversation: ConversationRef } | undefined {
  if (!body.channel) return undefined;
  const tenantId = body.team?.id ?? body.user.team_id;
  return {
    actor: slackUser(body.user.id, tenantId, body.user.name ?? body.user.username),
    conversation: slackConversation(body.channel.id, tenantId, body.response_url),
  };
}

/** The card action behind one clicked button, or undefined when its value or action_id is not one we issued. */
export function cardActionInput(action: BlockActionsBody['actions'][number], messageId: string | undefined): InteractionInput | undefined {
  const actionId = opaqueActionIdSchema.safeParse(action.value);
  const verb = verbSchema.safeParse(verbFromActionId(action.action_id));
  if (!actionId.success || !verb.success) return undefined;
  return { kind: 'cardAction', actionId: actionId.data, verb: verb.data, messageId };
}

/**
 * `first`: the payload's first action takes the request's id; any further action gets its own,
 * since the id is also the job id that keeps one interaction from being queued twice.
 */
export function interactionFromAction(
  context: { actor: ChatUser; conversation: ConversationRef },
  input: InteractionInput,
  receivedAt: number,
  first: boolean,
): Interaction {
  const correlationId = (first ? currentCorrelationId() : undefined) ?? randomUUID();
  return { platform: 'slack', ...context, input, receivedAt, correlationId };
}
