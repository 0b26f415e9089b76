// A message to the bot ("@Defbot machine web-07", or any text in a personal chat) is a command: the core
// answers it, and the answer goes back as a reply in the same conversation.
import type { TurnContext } from 'botbuilder';
import { withCorrelation, type Interaction } from '../../core/index.js';
import type { TurnDeps } from './deps.js';
import { FAILURE_TEXT, SENT_PRIVATELY_TEXT } from './deps.js';
import { describeError } from './errors.js';
import { commandText, interactionOf, originOf, verifiedActor } from './interactions.js';
import { toTeamsActivity } from './render.js';
import { answeredPrivately } from './working.js';
import { settle } from './settle.js';
import { rememberConversation } from './updates.js';

export async function onMessage(context: TurnContext, deps: TurnDeps): Promise<void> {
  const { activity } = context;
  if (typeof activity.text !== 'string') return deps.logger.debug('teams message without text ignored');
  const origin = originOf(activity);
  if (!origin) return deps.logger.warn('teams message without a usable sender or conversation; ignored');
  const receivedAt = deps.clock.now();
  const actor = await verifiedActor(context, origin, deps.members);
  const interaction = interactionOf(
    activity,
    origin,
    actor,
    { kind: 'command', text: commandText(activity) },
    receivedAt,
  );
  // From here on, the reply included, every line names the interaction.
  return withCorrelation(interaction.correlationId, () => answer(context, interaction, deps));
}

async function answer(context: TurnContext, interaction: Interaction, deps: TurnDeps): Promise<void> {
  const { activity } = context;
  await rememberConversation(activity, deps);
  const settled = await settle(deps.handler, interaction);
  if (!settled.ok) {
    deps.logger.error({ error: describeError(settled.error) }, 'teams command handler failed');
    return void (await context.sendActivity(FAILURE_TEXT));
  }
  const { answer } = settled;
  if (answer.visibility === 'none') return;
  if (answer.visibility === 'direct' && activity.conversation.conversationType !== 'personal') {
    await deps.sendPrivately(interaction.conversation, interaction.actor, answer.message);
    return void (await context.sendActivity(SENT_PRIVATELY_TEXT));
  }
  // Teams has no ephemeral messages: a 'private' answer (and a 'replace', which has no card to
  // replace here) is a reply in this conversation, seen by everyone in a channel or group chat.
  // Anything that must stay private goes through Reply.postPrivate (a 1:1 chat).
  const sent = await context.sendActivity(toTeamsActivity(answer.message));
  if (answer.visibility === 'private' && answer.working && sent?.id)
    await handOverWorking(context, interaction, sent.id, deps);
}

/**
 * The working card now exists: the result takes its place when it comes. If it came first, the card
 * goes (a public result stands on its own) or points at the private answer.
 */
async function handOverWorking(
  context: TurnContext,
  interaction: Interaction,
  cardId: string,
  deps: TurnDeps,
): Promise<void> {
  try {
    const first = await deps.working?.claimWorking(interaction.correlationId, {
      conversation: interaction.conversation,
      messageId: cardId,
    });
    if (first === 'public') await context.deleteActivity(cardId);
    if (first === 'private')
      await context.updateActivity({ ...toTeamsActivity(answeredPrivately()), id: cardId });
  } catch (error) {
    deps.logger.warn({ err: error }, 'the working card could not be handed over to its result');
  }
}
