// Adaptive Card actions -> Slack actions blocks of at most 25 buttons each.
import { actionToButton, uniqueActionIds } from './buttons.js';
import type { CardNode } from './card-json.js';
import type { BlockEmitter } from './emitter.js';
import { SLACK_LIMITS } from './limits.js';
import type { ButtonElement } from './types.js';

export function pushActions(actions: readonly CardNode[], out: BlockEmitter): void {
  const buttons: ButtonElement[] = [];
  for (const action of actions) {
    const { button, cut } = actionToButton(action);
    if (cut) out.cut = true;
    if (button) buttons.push(button);
  }
  for (let start = 0; start < buttons.length; start += SLACK_LIMITS.elementsPerActions) {
    out.push({
      type: 'actions',
      elements: uniqueActionIds(buttons.slice(start, start + SLACK_LIMITS.elementsPerActions)),
    });
  }
}
