// Walks Adaptive Card body elements in order and emits Block Kit. Containers and columns are
// flattened; elements Slack has no equivalent for (inputs, media) are left out.
import { pushActions } from './actions.js';
import type { CardNode } from './card-json.js';
import { nodesOf, stringOf } from './card-json.js';
import { pushColumnSetSection } from './column-set.js';
import type { BlockEmitter } from './emitter.js';
import { SLACK_LIMITS, truncatePlain } from './limits.js';
import { escapeMrkdwn, markdownToMrkdwn, markdownToPlain } from './mrkdwn.js';
import { convertTable } from './table.js';
import { headingText, isHeading, textLine } from './text-block.js';

function convertTextBlock(block: CardNode, out: BlockEmitter): void {
  if (!isHeading(block, out.isEmpty)) {
    out.addLine(textLine(block));
    return;
  }
  const text = headingText(block);
  if (!text) return;
  if (text.length > SLACK_LIMITS.headerText) out.cut = true;
  out.push({
    type: 'header',
    text: { type: 'plain_text', text: truncatePlain(text, SLACK_LIMITS.headerText), emoji: true },
  });
}

function convertFactSet(factSet: CardNode, out: BlockEmitter): void {
  const fields = nodesOf(factSet.facts).map((fact) => {
    const title = escapeMrkdwn(markdownToPlain(stringOf(fact, 'title') ?? ''));
    const value = markdownToMrkdwn(stringOf(fact, 'value') ?? '');
    return title ? `*${title}*\n${value}` : value;
  });
  out.pushFields(fields);
}

function convertImage(image: CardNode, out: BlockEmitter): void {
  const url = stringOf(image, 'url') ?? '';
  if (!/^https?:\/\//i.test(url)) return;
  if (url.length > SLACK_LIMITS.imageUrl) {
    out.cut = true;
    return;
  }
  const alt = markdownToPlain(stringOf(image, 'altText') ?? '').trim() || 'Image';
  out.push({ type: 'image', image_url: url, alt_text: truncatePlain(alt, SLACK_LIMITS.imageAltText) });
}

function convertGroup(items: unknown, out: BlockEmitter): void {
  out.flush();
  convertElements(nodesOf(items), out);
  out.flush();
}

export function convertElements(elements: readonly CardNode[], out: BlockEmitter): void {
  for (const element of elements) {
    switch (stringOf(element, 'type')) {
      case 'TextBlock':
        convertTextBlock(element, out);
        break;
      case 'FactSet':
        convertFactSet(element, out);
        break;
      case 'Container':
      case 'Column':
        convertGroup(element.items, out);
        break;
      case 'ColumnSet':
        if (!pushColumnSetSection(element, out)) convertGroup(element.columns, out);
        break;
      case 'Image':
        convertImage(element, out);
        break;
      case 'Table':
        convertTable(element, out);
        break;
      case 'ActionSet':
        out.flush();
        pushActions(nodesOf(element.actions), out);
        break;
      default:
        break;
    }
  }
  out.flush();
}
