// The entry point of the command grammar: chat text in, a typed Command or a user-facing error out.
// Expected mistakes are returned as values; nothing the user types can make this throw.
import { SLACK_COMMAND } from '../core/vocabulary.js';
import { ArgReader, failure, type VerbBook } from './args.js';
import { declarationFor, isVerb } from './registry.js';
import { MAX_TEXT_LENGTH } from './text.js';
import { readToken } from './tokenize.js';
import type { ParseResult } from './types.js';
import { unknownVerb } from './unknown.js';

export const HELP_HINT = 'Type `help` for the list of commands.';

const VERB_BOOK: VerbBook = { isVerb, unknown: unknownVerb };

/**
 * What chat clients put before the command: Teams `<at>Defbot</at>`, a Slack `<@U123>` or
 * `<@U123|defbot>` mention, and `/defender` when the slash command text is passed whole.
 */
const LEADING_NOISE = [
  /^\s*<at>[^<]{0,256}<\/at>/i,
  /^\s*<@[A-Z0-9]{1,40}(?:\|[^>]{0,100})?>/i,
  new RegExp(`^\\s*${SLACK_COMMAND}(?=\\s|$)`, 'i'),
];

export function stripLeadingNoise(text: string): string {
  let rest = text;
  for (let changed = true; changed;) {
    changed = false;
    for (const pattern of LEADING_NOISE) {
      const stripped = rest.replace(pattern, '');
      if (stripped !== rest) {
        rest = stripped;
        changed = true;
      }
    }
  }
  return rest;
}

export function parseCommand(text: string): ParseResult {
  if (typeof text !== 'string') return failure('EMPTY', HELP_HINT);
  if (text.length > MAX_TEXT_LENGTH) {
    return failure(
      'TOO_LONG',
      `That message is ${text.length.toLocaleString('en-US')} characters long; a command may have at most ${MAX_TEXT_LENGTH.toLocaleString('en-US')}.`,
    );
  }
  const body = stripLeadingNoise(text);
  const first = readToken(body, 0);
  // `/defender` alone or a bare @mention: the user is asking what they can do (DESIGN.md section 3).
  if (first === undefined) return { ok: true, command: { verb: 'help' } };
  if (!first.ok) return first;
  // Only a registered word (a verb or its alias) is parsed: there is no fall-through.
  const declaration = declarationFor(first.token.value.toLowerCase());
  if (!declaration) return unknownVerb(first.token.value);
  return declaration.parse(new ArgReader(body, first.end, VERB_BOOK));
}
