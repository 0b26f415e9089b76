// The README's command table is the registry's: one row per verb, in `help` order, and README.md holds
// exactly what the renderer draws (a new or changed verb fails here until the table is regenerated).
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { VERBS, VERBS_DECLARED } from '../../src/commands/registry.js';
import {
  COMMANDS_END,
  COMMANDS_START,
  README_PATH,
  commandsBlockIn,
  renderCommandTable,
  renderCommandsBlock,
  withCommandsBlock,
} from '../../scripts/readme-commands-table.js';

const REGENERATE =
  'README.md command table is out of date: run `npm run readme:commands -- --write` and commit';

/** The verb each body row of a rendered table names: the first word of its usage code span. */
function verbsOf(table: string): string[] {
  return table
    .split('\n')
    .slice(2)
    .map((row) => /^\| `([a-z]+)/.exec(row)?.[1] ?? `unreadable row: ${row}`);
}

describe("the README's command table", () => {
  it('is the table rendered from the command registry', async () => {
    const readme = await readFile(README_PATH, 'utf8');
    expect(commandsBlockIn(readme), REGENERATE).toBe(renderCommandsBlock());
  });

  it('lists every verb in VERBS exactly once, in registry order', () => {
    const listed = verbsOf(renderCommandTable());
    expect(listed).toEqual([...VERBS]);
    expect(new Set(listed).size).toBe(VERBS.length);
  });

  it("shows each verb's usage, role and summary, and the approval for approvable verbs", () => {
    const rows = renderCommandTable().split('\n').slice(2);
    VERBS_DECLARED.forEach((declaration, index) => {
      const row = rows[index] ?? '';
      expect(row).toContain(`\`${declaration.usage.replaceAll('|', '\\|')}\``);
      expect(row).toContain(` ${declaration.role}`);
      expect(row).toContain(declaration.summary);
      expect(row.includes('`approvals.actions`')).toBe(declaration.approvable);
    });
  });

  it('gains a row when a verb is declared, so a new verb fails the README check until regenerated', () => {
    const cancel = {
      word: 'cancel',
      usage: 'cancel <actionId> <reason>',
      summary: 'Cancel a pending machine action.',
      role: 'responder',
      approvable: false,
    } as const;
    const table = renderCommandTable([...VERBS_DECLARED, cancel]);
    expect(verbsOf(table)).toEqual([...VERBS, 'cancel']);
    expect(table.split('\n').at(-1)).toBe(
      '| `cancel <actionId> <reason>` | responder | Cancel a pending machine action. |',
    );
  });

  it('rewrites only the block between the markers, and refuses a document without them', () => {
    const document = `intro\n\n${COMMANDS_START}\nstale\n${COMMANDS_END}\n\noutro\n`;
    expect(withCommandsBlock(document, renderCommandsBlock())).toBe(
      `intro\n\n${renderCommandsBlock()}\n\noutro\n`,
    );
    expect(() => withCommandsBlock('no markers here', renderCommandsBlock())).toThrow(/markers/);
  });
});
