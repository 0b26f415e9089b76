// One bot turn: routes each verified activity to its handler, and the turn error hook that logs a
// failure (never the request's auth header) and tells the user to try again.
import type { TurnContext } from 'botbuilder';
import type { TurnDeps } from './deps.js';
import { FAILURE_TEXT } from './deps.js';
import { describeError } from './errors.js';
import { ADAPTIVE_CARD_ACTION, onAdaptiveCardAction } from './invoke.js';
import { onMessage } from './message.js';
import { invokeMessage, respondToInvoke } from './render.js';
import { onConversationUpdate, onInstallationUpdate } from './updates.js';

export type TurnLogic = (context: TurnContext) => Promise<void>;

export function createTurnLogic(deps: TurnDeps): TurnLogic {
  return async (context) => {
    const { activity } = context;
    switch (activity.type) {
      case 'message':
        return onMessage(context, deps);
      case 'invoke':
        if (activity.name === ADAPTIVE_CARD_ACTION) return onAdaptiveCardAction(context, deps);
        // Other invokes (messaging extensions, task modules) are not offered; botbuilder answers 501.
        return deps.logger.debug({ invokeName: activity.name }, 'teams invoke ignored');
      case 'conversationUpdate':
        return onConversationUpdate(context, deps);
      case 'installationUpdate':
        return onInstallationUpdate(context, deps);
      default:
        return deps.logger.debug({ activityType: activity.type }, 'teams activity ignored');
    }
  };
}

export function createTurnErrorHandler(
  deps: Pick<TurnDeps, 'logger'>,
): (context: TurnContext, error: Error) => Promise<void> {
  return async (context, error) => {
    const { activity } = context;
    deps.logger.error(
      { error: describeError(error), activityType: activity.type, activityId: activity.id },
      'teams turn failed',
    );
    try {
      if (activity.type === 'message') await context.sendActivity(FAILURE_TEXT);
      if (activity.type === 'invoke' && activity.name === ADAPTIVE_CARD_ACTION) {
        await respondToInvoke((a) => context.sendActivity(a), invokeMessage(FAILURE_TEXT));
      }
    } catch (sendError) {
      deps.logger.warn(
        { error: describeError(sendError) },
        'could not tell the teams user that the turn failed',
      );
    }
  };
}
