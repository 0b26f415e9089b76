// Action.Execute clicks (`adaptiveCard/action` invokes): the core gets only the button's opaque id and
// verb plus the clicking user from the verified activity; its answer becomes the invoke response body.
import type { TurnContext } from 'botbuilder';
import type { ImmediateAnswer } from '../../app/index.js';
import { withCorrelation, type Interaction } from '../../core/index.js';
import { FAILURE_TEXT, INVALID_BUTTON_TEXT, WORKING_TEXT, type TurnDeps } from './deps.js';
import { describeError } from './errors.js';
import { interactionOf, originOf, verifiedActor } from './interactions.js';
import { adaptiveCardActionSchema } from './payloads.js';
import { invokeCard, invokeMessage, respondToInvoke, toTeamsActivity, type InvokeBody } from './render.js';
import { settle } from './settle.js';
import { rememberConversation } from './updates.js';

export const ADAPTIVE_CARD_ACTION = 'adaptiveCard/action';

function bodyFor(answer: ImmediateAnswer): InvokeBody {
  if (answer.visibility === 'replace') return invokeCard(answer.message.card);
  // Teams shows the bot's forms on the card itself, so a click arrives without the form's values only
  // from a card posted before it had the form: the clicker gets the form in that card's place.
  if (answer.visibility === 'form') return invokeCard(answer.message.card);
  if (answer.visibility === 'none') return invokeMessage(WORKING_TEXT);
  return invokeMessage(answer.message.text);
}

export async function onAdaptiveCardAction(context: TurnContext, deps: TurnDeps): Promise<void> {
  const { activity } = context;
  const respond = (body: InvokeBody) => respondToInvoke((a) => context.sendActivity(a), body);
  const action = adaptiveCardActionSchema.safeParse(activity.value);
  const origin = originOf(activity);
  if (!action.success || !origin) {
    deps.logger.warn({ user: activity.from?.id }, 'Action.Execute with invalid data or sender; refused');
    return respond(invokeMessage(INVALID_BUTTON_TEXT));
  }
  const { verb, data } = action.data.action;
  const { id, ...values } = data;
  const input = {
    kind: 'cardAction' as const,
    actionId: id,
    verb,
    messageId: activity.replyToId,
    ...(Object.keys(values).length > 0 ? { values } : {}),
  };
  const receivedAt = deps.clock.now();
  const actor = await verifiedActor(context, origin, deps.members);
  const interaction = interactionOf(activity, origin, actor, input, receivedAt);
  // From here on, the invoke response included, every line names the click.
  return withCorrelation(interaction.correlationId, () => answer(context, interaction, respond, deps));
}

async function answer(
  context: TurnContext,
  interaction: Interaction,
  respond: (body: InvokeBody) => Promise<void>,
  deps: TurnDeps,
): Promise<void> {
  await rememberConversation(context.activity, deps);
  const settled = await settle(deps.handler, interaction);
  if (!settled.ok) {
    deps.logger.error({ error: describeError(settled.error) }, 'teams card action handler failed');
    return respond(invokeMessage(FAILURE_TEXT));
  }
  await respond(bodyFor(settled.answer));
  // Everyone should see a 'channel' answer, so it also goes out as a message of its own.
  if (settled.answer.visibility === 'channel')
    await context.sendActivity(toTeamsActivity(settled.answer.message));
}
