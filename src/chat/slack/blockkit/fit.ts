// Keeps a message within Slack's 50 blocks. The card's own buttons (the tail) are kept, because
// Approve / Deny matter more than the last rows of a list; body blocks are dropped from the end,
// and a final context block says so.
import { mrkdwn } from './emitter.js';
import { CUT_NOTE, SLACK_LIMITS } from './limits.js';
import type { ContextBlock, SlackBlock } from './types.js';

const CUT_NOTE_BLOCK: ContextBlock = { type: 'context', elements: [mrkdwn(`_${CUT_NOTE}_`)] };

export function fitBlocks(
  body: readonly SlackBlock[],
  tail: readonly SlackBlock[],
  cut: boolean,
): SlackBlock[] {
  const max = SLACK_LIMITS.blocksPerMessage;
  if (!cut && body.length + tail.length <= max) return [...body, ...tail];
  const keptTail = tail.slice(0, max - 1);
  const keptBody = body.slice(0, max - 1 - keptTail.length);
  return [...keptBody, ...keptTail, CUT_NOTE_BLOCK];
}
