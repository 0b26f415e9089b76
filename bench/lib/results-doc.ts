// bench/results.md is written by two runners: `npm run bench` (the benchmark table, per benchmark)
// and `npm run drills` (its own section). Each replaces only its part, so running one benchmark or
// the drills keeps the other figures, each marked with when it was measured.

/** The drills' part of bench/results.md, between these markers. */
export const DRILLS_START = '<!-- drills:start -->';
export const DRILLS_END = '<!-- drills:end -->';

/** The text between `start` and `end` (markers included), or undefined. */
export function sectionOf(doc: string, start: string, end: string): string | undefined {
  const from = doc.indexOf(start);
  const to = doc.indexOf(end, from);
  return from === -1 || to === -1 ? undefined : doc.slice(from, to + end.length);
}

/** `doc` with the section replaced by `body` (wrapped in the markers), or with it appended. */
export function withSection(doc: string, start: string, end: string, body: string): string {
  const section = `${start}\n${body.trim()}\n${end}`;
  const current = sectionOf(doc, start, end);
  if (current !== undefined) return doc.replace(current, () => section);
  return `${doc.trimEnd()}\n\n${section}\n`;
}

/** The table rows of benchmark `name` in a results document. */
export function rowsOf(doc: string, name: string): string[] {
  return doc.split('\n').filter((line) => line.startsWith(`| ${name} |`));
}

/** The notes of benchmark `name` in a results document. */
export function notesOf(doc: string, name: string): string[] {
  return doc.split('\n').filter((line) => line.startsWith(`- ${name}: `));
}

/** The `- date:` fact of a results document. */
export function dateOf(doc: string): string | undefined {
  return /^- date: (\S+)/m.exec(doc)?.[1];
}
