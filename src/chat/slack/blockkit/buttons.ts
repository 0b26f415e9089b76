// Adaptive Card actions -> Slack buttons. A button's value is only the opaque id of the card
// action's data (never the rest of it); a button without one is dropped. A show-card (a form, e.g.
// "Resolve…") becomes a button of its submit action: the click asks the core for the form, which the
// adapter opens as a modal.
import type { CardNode } from './card-json.js';
import { asNode, enumOf, nodesOf, stringOf } from './card-json.js';
import { SLACK_LIMITS, truncatePlain } from './limits.js';
import { markdownToPlain } from './mrkdwn.js';
import type { ButtonElement } from './types.js';

/** action_id of link buttons; Slack still reports their clicks, which the adapter only acks. */
export const OPEN_URL_ACTION_ID = 'open-url';
const REPEAT_SEPARATOR = '#';

/** The verb behind an action_id made unique within its block ("approval.approve#2" -> "approval.approve"). */
export function verbFromActionId(actionId: string): string {
  const separator = actionId.lastIndexOf(REPEAT_SEPARATOR);
  return separator > 0 && /^\d+$/.test(actionId.slice(separator + 1))
    ? actionId.slice(0, separator)
    : actionId;
}

export interface ButtonResult {
  button: ButtonElement | undefined;
  /** The action existed but could not be shown within Slack's limits. */
  cut: boolean;
}

function buttonText(action: CardNode): { text: ButtonElement['text']; cut: boolean } {
  const title = markdownToPlain(stringOf(action, 'title') ?? '').trim() || 'Open';
  return {
    text: { type: 'plain_text', text: truncatePlain(title, SLACK_LIMITS.buttonText), emoji: true },
    cut: title.length > SLACK_LIMITS.buttonText,
  };
}

function styleOf(action: CardNode): Pick<ButtonElement, 'style'> {
  const style = enumOf(action, 'style');
  if (style === 'positive') return { style: 'primary' };
  if (style === 'destructive') return { style: 'danger' };
  return {};
}

/** A show-card's one submit action (its form's), or undefined when it has none or several. */
function formSubmit(action: CardNode): CardNode | undefined {
  const submits = nodesOf(asNode(action.card)?.actions).filter(
    (a) => stringOf(a, 'type') === 'Action.Execute',
  );
  return submits.length === 1 ? submits[0] : undefined;
}

export function actionToButton(action: CardNode): ButtonResult {
  if (stringOf(action, 'type') === 'Action.ShowCard') {
    const submit = formSubmit(action);
    if (!submit) return { button: undefined, cut: false };
    return actionToButton({ ...submit, title: stringOf(action, 'title') ?? stringOf(submit, 'title') });
  }
  const type = stringOf(action, 'type');
  const { text, cut } = buttonText(action);
  if (type === 'Action.OpenUrl') {
    const url = stringOf(action, 'url') ?? '';
    if (!/^https?:\/\//i.test(url)) return { button: undefined, cut: false };
    if (url.length > SLACK_LIMITS.buttonUrl) return { button: undefined, cut: true };
    return { button: { type: 'button', text, action_id: OPEN_URL_ACTION_ID, url, ...styleOf(action) }, cut };
  }
  if (type !== 'Action.Execute' && type !== 'Action.Submit') return { button: undefined, cut: false };
  const id = asNode(action.data)?.id;
  const verb = stringOf(action, 'verb') ?? stringOf(action, 'id') ?? 'submit';
  if (typeof id !== 'string' || id.length === 0) return { button: undefined, cut: false };
  if (id.length > SLACK_LIMITS.buttonValue || verb.length > SLACK_LIMITS.actionId - 4)
    return { button: undefined, cut: true };
  return { button: { type: 'button', text, action_id: verb, value: id, ...styleOf(action) }, cut };
}

/** Slack wants action_ids unique within a block: repeats get "#2", "#3", … */
export function uniqueActionIds(buttons: readonly ButtonElement[]): ButtonElement[] {
  const seen = new Map<string, number>();
  return buttons.map((button) => {
    const count = (seen.get(button.action_id) ?? 0) + 1;
    seen.set(button.action_id, count);
    return count === 1 ? button : { ...button, action_id: `${button.action_id}${REPEAT_SEPARATOR}${count}` };
  });
}
