// Every row of a hunt as CSV (RFC 4180): fields with a comma, quote or line break are quoted, quotes
// doubled; a cell that a spreadsheet would read as a formula (= + - @ at its start) gets a leading
// apostrophe, so opening the file never runs anything a hunted value carries.
import type { HuntTable } from '../../cards/index.js';

function field(value: string | number | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function huntCsv(table: HuntTable): string {
  const names = table.columns.map((column) => column.name);
  const lines = [
    names.map(field).join(','),
    ...table.rows.map((row) => names.map((name) => field(row[name] ?? null)).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
