// An Adaptive Card Table as Slack can show it: Block Kit has no table for bot messages, so the rows
// become one monospaced block, columns padded to line up, each cell cut to a readable width. Rows
// that do not fit one section (3,000 characters) are left out and counted, and the card's note says so.
import { nodesOf, stringOf, type CardNode } from './card-json.js';
import type { BlockEmitter } from './emitter.js';
import { SLACK_LIMITS } from './limits.js';
import { markdownToPlain } from './mrkdwn.js';

/** The widest a cell is shown; the CSV has the whole value. */
export const TABLE_CELL_WIDTH = 28;
const FENCE = '```';

function cellText(cell: CardNode): string {
  const texts = nodesOf(cell.items).map((item) => markdownToPlain(stringOf(item, 'text') ?? ''));
  // A backtick could close the code block early.
  return texts.join(' ').replace(/\s+/g, ' ').replace(/`/g, "'").trim();
}

function clip(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, width - 1).join('')}…`;
}

/** `&`, `<` and `>` are the only characters Slack's code blocks still read. */
const entities = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function convertTable(table: CardNode, out: BlockEmitter): void {
  const rows = nodesOf(table.rows).map((row) =>
    nodesOf(row.cells).map((cell) => clip(cellText(cell), TABLE_CELL_WIDTH)),
  );
  if (rows.length === 0) return;
  const columns = Math.max(...rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, i) =>
    Math.max(1, ...rows.map((row) => [...(row[i] ?? '')].length)),
  );
  const line = (row: string[]) =>
    entities(
      widths
        .map((width, i) => (row[i] ?? '').padEnd(width))
        .join('  ')
        .trimEnd(),
    );
  const withHeader = table.firstRowAsHeaders !== false;
  const lines = rows.map(line);
  if (withHeader && lines.length > 0) lines.splice(1, 0, widths.map((width) => '-'.repeat(width)).join('  '));
  out.flush();
  let text = FENCE;
  let shown = 0;
  const budget = SLACK_LIMITS.sectionText - FENCE.length - 60;
  for (const next of lines) {
    if (text.length + 1 + next.length > budget) break;
    text += `\n${next}`;
    shown++;
  }
  const left = lines.length - shown;
  text += `\n${FENCE}`;
  if (left > 0) {
    out.cut = true;
    text += `\n_${left} more row${left === 1 ? '' : 's'} not shown here._`;
  }
  out.pushSection(text);
}
