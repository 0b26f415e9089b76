// The answer to a word that is not a verb: a short excerpt of it and, when close, a suggestion.
import { excerpt } from './text.js';
import { suggestVerb } from './suggest.js';
import type { ParseError } from './types.js';

export function unknownVerb(typed: string): { ok: false; error: ParseError } {
  const suggestion = suggestVerb(typed);
  const hint = suggestion ? ` Did you mean \`${suggestion}\`?` : '';
  return {
    ok: false,
    error: {
      code: 'UNKNOWN_VERB',
      message: `Unknown command \`${excerpt(typed, 30)}\`.${hint} Type \`help\` for the list.`,
    },
  };
}
