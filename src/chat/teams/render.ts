// OutgoingMessage -> Bot Framework activities and Action.Execute invoke responses.
import { ActivityTypes, CardFactory, type Activity } from 'botbuilder';
import type { AdaptiveCardJson, OutgoingMessage } from '../../core/index.js';

/** CardFactory.contentTypes.adaptiveCard (typed `any` in botbuilder): the invoke response type that replaces the card. */
export const ADAPTIVE_CARD_TYPE = 'application/vnd.microsoft.card.adaptive';
/** The invoke response type that shows a short text to the clicking user. */
export const INVOKE_MESSAGE_TYPE = 'application/vnd.microsoft.activity.message';
/** The Universal Actions error response type (botbuilder's createAdaptiveCardInvokeErrorResponse). */
export const INVOKE_ERROR_TYPE = 'application/vnd.microsoft.error';

/** The body of an adaptiveCard/action invoke response (botbuilder's type allows only a card as value). */
export interface InvokeBody {
  statusCode: number;
  type: string;
  value: AdaptiveCardJson | string | { code: string; message: string };
}

export function toTeamsActivity(message: OutgoingMessage): Partial<Activity> {
  return {
    type: ActivityTypes.Message,
    // Plain, so names and comments from MDE or users are never read as markdown links.
    textFormat: 'plain',
    text: message.text,
    attachments: [CardFactory.adaptiveCard(message.card)],
  };
}

/** The card replaces the clicked one, for the clicking user at once (the botbuilder content type). */
export function invokeCard(card: AdaptiveCardJson): InvokeBody {
  return { statusCode: 200, type: ADAPTIVE_CARD_TYPE, value: card };
}

export function invokeMessage(text: string): InvokeBody {
  return { statusCode: 200, type: INVOKE_MESSAGE_TYPE, value: text };
}

/** An error the client shows instead of a card, e.g. 403 Forbidden. */
export function invokeError(statusCode: number, code: string, message: string): InvokeBody {
  return { statusCode, type: INVOKE_ERROR_TYPE, value: { code, message } };
}

/**
 * Hands botbuilder the HTTP answer of an invoke turn (it becomes the response body). The HTTP status
 * is the body's statusCode, as botbuilder's own ActivityHandler answers invoke errors.
 */
export async function respondToInvoke(
  send: (activity: Partial<Activity>) => Promise<unknown>,
  body: InvokeBody,
): Promise<void> {
  await send({ type: ActivityTypes.InvokeResponse, value: { status: body.statusCode, body } });
}
