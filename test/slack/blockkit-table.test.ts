// Adaptive Card Table -> Slack: one monospaced section, columns lined up, cells cut to a readable
// width, and rows beyond Slack's section limit counted instead of silently lost.
import { describe, expect, it } from 'vitest';
import { toBlockKit } from '../../src/chat/slack/blockkit.js';
import { TABLE_CELL_WIDTH } from '../../src/chat/slack/blockkit/table.js';
import { CUT_NOTE, SLACK_LIMITS } from '../../src/chat/slack/blockkit/limits.js';
import { card } from './card-builders.js';

const cell = (text: string) => ({ type: 'TableCell', items: [{ type: 'TextBlock', text, wrap: true }] });
const table = (rows: string[][]) => ({
  type: 'Table',
  firstRowAsHeaders: true,
  columns: rows[0]!.map(() => ({ width: 1 })),
  rows: rows.map((row) => ({ type: 'TableRow', cells: row.map(cell) })),
});
const sectionText = (block: unknown) => (block as { text: { text: string } }).text.text;

describe('Table', () => {
  it('becomes a code block with padded columns and a rule under the header', () => {
    const { blocks } = toBlockKit(
      card([
        table([
          ['Name', 'Count'],
          ['web-07', '3'],
          ['db-1', '12'],
        ]),
      ]),
    );
    expect(blocks).toHaveLength(1);
    expect(sectionText(blocks[0])).toBe('```\nName    Count\n------  -----\nweb-07  3\ndb-1    12\n```');
  });

  it('escapes what Slack reads even in code (&, <, >) and cannot be closed early by a backtick', () => {
    const { blocks } = toBlockKit(card([table([['Cmd'], ['a && b <!here> ```x']])]));
    const text = sectionText(blocks[0]);
    expect(text).toContain("a &amp;&amp; b &lt;!here&gt; '''x");
    expect(text.match(/```/g)).toHaveLength(2);
  });

  it('cuts long cells to a readable width', () => {
    const { blocks } = toBlockKit(card([table([['Command line'], ['x'.repeat(200)]])]));
    const line = sectionText(blocks[0]).split('\n')[3]!;
    expect([...line]).toHaveLength(TABLE_CELL_WIDTH);
    expect(line.endsWith('…')).toBe(true);
  });

  it('keeps within one section and says how many rows were left out', () => {
    const rows = [['Timestamp', 'DeviceName', 'ProcessCommandLine']];
    for (let i = 0; i < 200; i++)
      rows.push([`2024-05-01 10:${String(i % 60).padStart(2, '0')}Z`, `web-${i}`, 'x'.repeat(40)]);
    const { blocks } = toBlockKit(card([table(rows)]));
    const text = sectionText(blocks[0]);
    expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(text).toMatch(/_\d+ more rows not shown here\._$/);
    expect(JSON.stringify(blocks)).toContain(CUT_NOTE);
  });
});
