// A lazy tokenizer: arguments are read one at a time, so that whatever follows the last one
// (a reason, a machine query) can be taken verbatim, apostrophes and all.
import type { ParseError } from './types.js';
import { closersOf } from './text.js';

export interface Token {
  value: string;
  quoted: boolean;
}

export type TokenRead = { ok: true; token: Token; end: number } | { ok: false; error: ParseError };

export function skipSpace(text: string, pos: number): number {
  let i = pos;
  while (i < text.length && /\s/.test(text.charAt(i))) i++;
  return i;
}

/** The token starting at `pos` (after any space), or undefined at the end of the text. */
export function readToken(text: string, pos: number): TokenRead | undefined {
  const start = skipSpace(text, pos);
  if (start >= text.length) return undefined;
  const opener = text.charAt(start);
  const closers = closersOf(opener);
  if (closers === undefined) {
    let end = start;
    while (end < text.length && !/\s/.test(text.charAt(end))) end++;
    return { ok: true, token: { value: text.slice(start, end), quoted: false }, end };
  }
  let close = start + 1;
  while (close < text.length && !closers.includes(text.charAt(close))) close++;
  if (close >= text.length) return { ok: false, error: unterminated(opener) };
  const end = close + 1;
  if (end < text.length && !/\s/.test(text.charAt(end))) {
    return {
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: 'Put a space after a closing quote before the next word.' },
    };
  }
  return { ok: true, token: { value: text.slice(start + 1, close), quoted: true }, end };
}

/**
 * A rest-of-line value: one wrapping pair of quotes is removed (`"ransomware beacon"`), quotes
 * anywhere else are kept as typed. An opening quote that never closes is refused.
 */
export function unquoteRest(rest: string): { ok: true; value: string } | { ok: false; error: ParseError } {
  const trimmed = rest.trim();
  const closers = closersOf(trimmed.charAt(0));
  if (closers === undefined) return { ok: true, value: trimmed };
  let close = 1;
  while (close < trimmed.length && !closers.includes(trimmed.charAt(close))) close++;
  if (close >= trimmed.length) return { ok: false, error: unterminated(trimmed.charAt(0)) };
  const wrapped = close === trimmed.length - 1;
  return { ok: true, value: wrapped ? trimmed.slice(1, close) : trimmed };
}

function unterminated(opener: string): ParseError {
  return {
    code: 'UNTERMINATED_QUOTE',
    message: `A quote (${opener}) is opened but never closed. Close it, or leave the quotes out.`,
  };
}
