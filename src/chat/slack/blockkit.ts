// Adaptive Card -> Slack Block Kit: Slack cannot show Adaptive Cards, so every card the bot
// renders is converted here, within Slack's limits and with buttons that carry only an opaque id.
import type { AdaptiveCardJson } from '../../core/index.js';
import { pushActions } from './blockkit/actions.js';
import { nodesOf } from './blockkit/card-json.js';
import { convertElements } from './blockkit/elements.js';
import { BlockEmitter } from './blockkit/emitter.js';
import { fallbackText } from './blockkit/fallback.js';
import { fitBlocks } from './blockkit/fit.js';
import type { BlockKitMessage } from './blockkit/types.js';

export { OPEN_URL_ACTION_ID, verbFromActionId } from './blockkit/buttons.js';
export { SLACK_LIMITS, CUT_NOTE, TRUNCATED_SUFFIX } from './blockkit/limits.js';
export { escapeMrkdwn, markdownToMrkdwn, markdownToPlain } from './blockkit/mrkdwn.js';
export type * from './blockkit/types.js';

export function toBlockKit(card: AdaptiveCardJson): BlockKitMessage {
  const body = nodesOf(card.body);
  const bodyOut = new BlockEmitter();
  convertElements(body, bodyOut);
  const tailOut = new BlockEmitter();
  pushActions(nodesOf(card.actions), tailOut);
  const blocks = fitBlocks(bodyOut.blocks, tailOut.blocks, bodyOut.cut || tailOut.cut);
  return { blocks, text: fallbackText(body) };
}
