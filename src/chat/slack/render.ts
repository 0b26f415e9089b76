// OutgoingMessage -> the Slack message fields (text + blocks), always through the Block Kit converter.
import type { OutgoingMessage } from '../../core/index.js';
import { SLACK_LIMITS, escapeMrkdwn, toBlockKit, type SlackBlock } from './blockkit.js';

export interface SlackMessage {
  /** Notification / fallback text, escaped for mrkdwn. */
  text: string;
  blocks: SlackBlock[];
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function toSlackMessage(message: OutgoingMessage): SlackMessage {
  const converted = toBlockKit(message.card);
  // The caller's own fallback line beats the converter's guess; it is plain text, so escape it
  // (after clipping, so no entity is cut in half).
  const text = message.text.trim()
    ? escapeMrkdwn(clip(message.text.trim(), SLACK_LIMITS.messageText))
    : converted.text;
  return { text, blocks: converted.blocks };
}

/** A one-line card for the adapter's own notices (invalid button, failure). */
export function noticeMessage(text: string): OutgoingMessage {
  return {
    text,
    card: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text, wrap: true }] },
  };
}
