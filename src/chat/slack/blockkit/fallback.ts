// The message's `text`: what notifications and screen readers get. The card's first line
// plus its facts (or, without facts, its first few lines), as escaped plain text.
import type { CardNode } from './card-json.js';
import { nodesOf, stringOf } from './card-json.js';
import { SLACK_LIMITS, truncateMrkdwn } from './limits.js';
import { escapeMrkdwn, markdownToPlain } from './mrkdwn.js';

const LINES_WITHOUT_FACTS = 4;
/** Slack warns about messages without text; a card of only buttons still gets a line. */
const EMPTY_CARD_TEXT = 'Message from the Defender bot';

interface Collected {
  texts: string[];
  facts: string[];
}

function collect(elements: readonly CardNode[], into: Collected): void {
  for (const element of elements) {
    const type = stringOf(element, 'type');
    if (type === 'TextBlock') {
      const text = markdownToPlain(stringOf(element, 'text') ?? '').trim();
      if (text) into.texts.push(text);
    } else if (type === 'FactSet') {
      for (const fact of nodesOf(element.facts)) {
        into.facts.push(
          `${markdownToPlain(stringOf(fact, 'title') ?? '')}: ${markdownToPlain(stringOf(fact, 'value') ?? '')}`,
        );
      }
    } else if (type === 'Column') {
      // A column reads as one line ("High 2"), so a row of short columns stays legible.
      const column: Collected = { texts: [], facts: [] };
      collect(nodesOf(element.items), column);
      if (column.texts.length > 0) into.texts.push(column.texts.join(' '));
      into.facts.push(...column.facts);
    } else {
      collect([...nodesOf(element.items), ...nodesOf(element.columns)], into);
    }
  }
}

export function fallbackText(body: readonly CardNode[]): string {
  const collected: Collected = { texts: [], facts: [] };
  collect(body, collected);
  const [first, ...rest] = collected.texts;
  const lines = [
    first ?? '',
    ...(collected.facts.length > 0 ? collected.facts : rest.slice(0, LINES_WITHOUT_FACTS)),
  ];
  const text = lines.filter(Boolean).join('\n') || EMPTY_CARD_TEXT;
  return truncateMrkdwn(escapeMrkdwn(text), SLACK_LIMITS.messageText);
}
