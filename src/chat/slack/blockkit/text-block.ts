// One Adaptive Card TextBlock -> a header text or one mrkdwn line. Colours Slack cannot show
// become a coloured dot, so a High severity still stands out.
import type { CardNode } from './card-json.js';
import { enumOf, stringOf } from './card-json.js';
import { markdownToMrkdwn, markdownToPlain } from './mrkdwn.js';

const COLOUR_DOTS: Readonly<Record<string, string>> = {
  attention: ':red_circle: ',
  warning: ':large_orange_circle: ',
  good: ':large_green_circle: ',
  accent: ':large_blue_circle: ',
};

export function isHeading(block: CardNode, atTop: boolean): boolean {
  const size = enumOf(block, 'size');
  if (enumOf(block, 'style') === 'heading' || size === 'large' || size === 'extralarge') return true;
  return atTop && enumOf(block, 'weight') === 'bolder';
}

export function headingText(block: CardNode): string {
  return markdownToPlain(stringOf(block, 'text') ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function textLine(block: CardNode): string {
  let line = markdownToMrkdwn(stringOf(block, 'text') ?? '').trim();
  if (!line) return '';
  if (enumOf(block, 'weight') === 'bolder' && !/[*\n]/.test(line)) line = `*${line}*`;
  return (COLOUR_DOTS[enumOf(block, 'color') ?? ''] ?? '') + line;
}
