// A card's forms: each Action.ShowCard whose id names a form gets that form as its card (Teams shows it
// in place; Slack turns the form's submit into a button whose click opens it as a modal).
import type { AdaptiveCardJson } from '../../core/interaction.js';

export function withForms(card: AdaptiveCardJson, forms: Record<string, AdaptiveCardJson>): AdaptiveCardJson {
  const actions = (card.actions as readonly Record<string, unknown>[] | undefined) ?? [];
  return {
    ...card,
    actions: actions.map((action) =>
      action.type === 'Action.ShowCard' && typeof action.id === 'string' && Object.hasOwn(forms, action.id)
        ? { ...action, card: forms[action.id] }
        : action,
    ),
  };
}
