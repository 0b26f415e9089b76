// The README's command table, rendered from the command registry so the two cannot drift apart:
// `npm run readme:commands` prints it, `npm run readme:commands -- --write` puts it into README.md
// between the markers, and test/docs/readme-commands.test.ts fails when README.md differs from it.
import { fileURLToPath } from 'node:url';
import { VERBS_DECLARED } from '../src/commands/registry.js';

export const README_PATH = fileURLToPath(new URL('../README.md', import.meta.url));

export const COMMANDS_START =
  '<!-- commands:start (generated from the command registry: npm run readme:commands -- --write) -->';
export const COMMANDS_END = '<!-- commands:end -->';

/** What the table shows of each verb: these fields of its declaration (src/commands/verbs/*.ts). */
export interface CommandRowSource {
  readonly word: string;
  readonly usage: string;
  readonly summary: string;
  readonly role: string;
  readonly approvable: boolean;
}

const HEADER = ['| command | role | what it does |', '|---|---|---|'];

/** A table cell: a `|` would end the cell, even inside a code span, so it is escaped. */
function cell(text: string): string {
  if (/[\r\n]/.test(text)) throw new Error(`a command table cell must be one line: ${JSON.stringify(text)}`);
  return text.replaceAll('|', '\\|');
}

function codeCell(text: string): string {
  if (text.includes('`')) throw new Error(`a usage line may not contain a backtick: ${JSON.stringify(text)}`);
  return `\`${cell(text)}\``;
}

/** Who may run it; an approvable verb also waits for an approver when RBAC `approvals.actions` lists it. */
function roleCell({ role, approvable }: CommandRowSource): string {
  return approvable ? `${role}; an approver must approve when RBAC \`approvals.actions\` lists it` : role;
}

/** One row per verb, in the order given (the registry's: the order `help` lists them). */
export function renderCommandTable(declarations: readonly CommandRowSource[] = VERBS_DECLARED): string {
  const rows = declarations.map(
    (declaration) =>
      `| ${codeCell(declaration.usage)} | ${roleCell(declaration)} | ${cell(declaration.summary)} |`,
  );
  return [...HEADER, ...rows].join('\n');
}

/** The whole generated block, markers included, as README.md holds it. */
export function renderCommandsBlock(declarations: readonly CommandRowSource[] = VERBS_DECLARED): string {
  return [COMMANDS_START, '', renderCommandTable(declarations), '', COMMANDS_END].join('\n');
}

function markers(document: string): { start: number; end: number } {
  const start = document.indexOf(COMMANDS_START);
  const end = document.indexOf(COMMANDS_END);
  if (start < 0 || end < start || document.indexOf(COMMANDS_START, start + 1) >= 0)
    throw new Error(`README.md must hold the markers ${COMMANDS_START} ... ${COMMANDS_END}, once each`);
  return { start, end: end + COMMANDS_END.length };
}

/** The generated block README.md holds now, markers included; throws when the markers are missing. */
export function commandsBlockIn(document: string): string {
  const { start, end } = markers(document);
  return document.slice(start, end);
}

/** `document` with its generated block replaced by `block`; throws when the markers are missing. */
export function withCommandsBlock(document: string, block: string): string {
  const { start, end } = markers(document);
  return document.slice(0, start) + block + document.slice(end);
}
