// A hunt's answer card: the first rows as a table (Adaptive Card Table; Slack gets it through the
// Block Kit converter), the hunt's name, the row count, and where the CSV with every row is.
import type { OutgoingMessage } from '../../core/interaction.js';
import { renderCard } from '../render.js';
import type { HuntCell, HuntResultsCardData } from '../types.js';

/** What a card shows at most; the CSV has everything. */
export const HUNT_CARD_ROWS = 10;
export const HUNT_CARD_COLUMNS = 6;
export const HUNT_CELL_CHARS = 120;

export type HuntCellValue = string | number | boolean | null;

export interface HuntTable {
  columns: readonly { name: string; type: string }[];
  rows: readonly Record<string, HuntCellValue>[];
}

export interface HuntAnswer {
  /** "process-launches (web-07, 24h)" or "free KQL". */
  hunt: string;
  requestedBy: string;
  table: HuntTable;
  /** Where the CSV went, in one sentence; and the Teams link, when there is one. */
  csvNote: string;
  csvUrl?: string | undefined;
}

function cellText(value: HuntCellValue, type: string): string {
  if (value === null || value === '') return '—';
  let text = String(value);
  if (type === 'DateTime' && /^\d{4}-\d\d-\d\dT/.test(text))
    text = text.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  const chars = [...text.replace(/\s+/g, ' ')];
  return chars.length > HUNT_CELL_CHARS ? `${chars.slice(0, HUNT_CELL_CHARS - 1).join('')}…` : chars.join('');
}

export function huntResultsMessage(answer: HuntAnswer): OutgoingMessage {
  const { table } = answer;
  const total = table.rows.length;
  const columns = table.columns.slice(0, HUNT_CARD_COLUMNS);
  const shown = table.rows.slice(0, HUNT_CARD_ROWS);
  const header: HuntCell[] = columns.map((column) => ({ text: column.name }));
  const rows = shown.map((row) => ({
    cells: columns.map((c) => ({ text: cellText(row[c.name] ?? null, c.type) })),
  }));
  const summary =
    total === 0
      ? 'No rows matched.'
      : total <= HUNT_CARD_ROWS
        ? `${total} row${total === 1 ? '' : 's'}; all are shown.`
        : `${total.toLocaleString('en-US')} rows; the first ${HUNT_CARD_ROWS} are shown.`;
  const hidden = table.columns.length - columns.length;
  const notes = [
    hidden > 0 ? `${hidden} more column${hidden === 1 ? ' is' : 's are'} only in the CSV.` : undefined,
    total > 0 ? answer.csvNote : undefined,
  ].filter((note): note is string => note !== undefined);
  const data: HuntResultsCardData = {
    heading: `Hunt results: ${answer.hunt}`,
    summary,
    hunt: answer.hunt,
    rowCount: total.toLocaleString('en-US'),
    requestedBy: answer.requestedBy,
    columns: columns.map((column) => ({ name: column.name })),
    header,
    rows,
    ...(notes.length > 0 ? { note: notes.join(' ') } : {}),
    ...(answer.csvUrl && total > 0 ? { csvUrl: answer.csvUrl } : {}),
  };
  return { card: renderCard('hunt-results', data), text: `Hunt results: ${answer.hunt}: ${summary}` };
}
