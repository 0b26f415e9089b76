// A ColumnSet of short texts (and at most one button) reads best in Slack as one section:
// one text column -> section text, several -> fields, the button -> the section's accessory.
import { actionToButton } from './buttons.js';
import type { CardNode } from './card-json.js';
import { nodesOf, stringOf } from './card-json.js';
import type { BlockEmitter } from './emitter.js';
import { SLACK_LIMITS } from './limits.js';
import { textLine } from './text-block.js';

interface ColumnSection {
  texts: string[];
  action: CardNode | undefined;
}

function readColumns(columnSet: CardNode): ColumnSection | undefined {
  const texts: string[] = [];
  let action: CardNode | undefined;
  for (const column of nodesOf(columnSet.columns)) {
    const lines: string[] = [];
    for (const item of nodesOf(column.items)) {
      const type = stringOf(item, 'type');
      if (type === 'TextBlock') {
        lines.push(textLine(item));
      } else if (type === 'ActionSet') {
        const actions = nodesOf(item.actions);
        if (actions.length !== 1 || action) return undefined;
        action = actions[0];
      } else {
        return undefined;
      }
    }
    const text = lines.filter((line) => line.length > 0).join('\n');
    if (text) texts.push(text);
  }
  if (texts.length === 0 || texts.length > SLACK_LIMITS.fieldsPerSection) return undefined;
  if (texts.length > 1 && texts.some((text) => text.length > SLACK_LIMITS.fieldText)) return undefined;
  return { texts, action };
}

/** Emits the ColumnSet as one section and returns true, or returns false to have it flattened. */
export function pushColumnSetSection(columnSet: CardNode, out: BlockEmitter): boolean {
  const section = readColumns(columnSet);
  if (!section) return false;
  const result = section.action ? actionToButton(section.action) : { button: undefined, cut: false };
  if (result.cut) out.cut = true;
  out.flush();
  if (section.texts.length === 1)
    out.pushSection(out.fit(section.texts[0]!, SLACK_LIMITS.sectionText), result.button);
  else out.pushFields(section.texts, result.button);
  return true;
}
