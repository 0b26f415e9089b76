// "Did you mean …?" for mistyped verbs: the closest verb by edit distance, or a unique prefix.
import { VERBS, type Verb } from './registry.js';

/** Longer input is not a typo of a verb (and comparing it would only cost time). */
const MAX_SUGGEST_INPUT = 20;

/** Optimal string alignment distance: Levenshtein plus the swap of two neighbours ("isloate"). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const above = rows[i - 1] ?? [];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      row.push(best);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? Math.max(a.length, b.length);
}

/** The verb the user most likely meant, or undefined when nothing is close enough to suggest. */
export function suggestVerb(typed: string): Verb | undefined {
  const input = typed.toLowerCase();
  if (input.length === 0 || input.length > MAX_SUGGEST_INPUT) return undefined;
  // Short words are too easily one or two edits away from anything.
  const threshold = input.length <= 3 ? 1 : 2;
  let best: { verb: Verb; distance: number } | undefined;
  for (const verb of VERBS) {
    const distance = editDistance(input, verb);
    if (distance <= threshold && (best === undefined || distance < best.distance)) best = { verb, distance };
  }
  if (best) return best.verb;
  const byPrefix = input.length >= 3 ? VERBS.filter((verb) => verb.startsWith(input)) : [];
  return byPrefix.length === 1 ? byPrefix[0] : undefined;
}
