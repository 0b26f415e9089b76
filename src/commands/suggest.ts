// "Did you mean …?" for mistyped verbs: the closest verb by edit distance, or a unique prefix.
import { editDistance } from './edit-distance.js';
import { VERBS, type Verb } from './registry.js';

export { editDistance } from './edit-distance.js';

/** Longer input is not a typo of a verb (and comparing it would only cost time). */
const MAX_SUGGEST_INPUT = 20;

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
