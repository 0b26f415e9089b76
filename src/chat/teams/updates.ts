// Keeping the conversation store true: a reference is saved whenever the bot is added, installed or
// spoken to, and deleted when it is removed or uninstalled, so the worker never posts into the void.
import type { Activity, TurnContext } from 'botbuilder';
import type { TurnDeps } from './deps.js';
import { describeError } from './errors.js';
import { referenceOf } from './interactions.js';

/** Best effort: a Redis hiccup must not cost the user the answer to their command. */
export async function rememberConversation(
  activity: Partial<Activity>,
  deps: Pick<TurnDeps, 'store' | 'logger'>,
): Promise<void> {
  const reference = referenceOf(activity);
  if (!reference)
    return deps.logger.warn(
      { activityType: activity.type },
      'teams activity without a usable conversation reference',
    );
  try {
    await deps.store.save(reference);
  } catch (error) {
    deps.logger.warn(
      { error: describeError(error), conversationId: reference.conversation.id },
      'could not store the teams conversation reference',
    );
  }
}

async function forgetConversation(
  conversationId: string | undefined,
  deps: Pick<TurnDeps, 'store' | 'logger'>,
  why: string,
): Promise<void> {
  if (!conversationId) return;
  await deps.store.delete(conversationId);
  deps.logger.info({ conversationId, why }, 'teams conversation reference removed');
}

export async function onConversationUpdate(context: TurnContext, deps: TurnDeps): Promise<void> {
  const { activity } = context;
  const botId = activity.recipient?.id;
  if (!botId) return;
  if (activity.membersRemoved?.some((member) => member.id === botId)) {
    return forgetConversation(activity.conversation?.id, deps, 'bot removed');
  }
  if (activity.membersAdded?.some((member) => member.id === botId))
    await rememberConversation(activity, deps);
}

export async function onInstallationUpdate(context: TurnContext, deps: TurnDeps): Promise<void> {
  const { activity } = context;
  // "add" / "add-upgrade" keep the bot in the conversation; "remove" takes it out.
  if (activity.action === 'remove')
    return forgetConversation(activity.conversation?.id, deps, 'app uninstalled');
  if (activity.action?.startsWith('add')) await rememberConversation(activity, deps);
}
