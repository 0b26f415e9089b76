// Character-level rules shared by the tokenizer and the argument checks: limits, quotes,
// characters refused in arguments, and the short excerpt used when an error quotes the user.

export const MAX_TEXT_LENGTH = 2000;
export const MAX_MACHINE_LENGTH = 255;
/** How much of the user's own text an error message may quote. */
export const MAX_ECHO_LENGTH = 40;

/**
 * Quote pairs. Chat clients turn straight quotes into curly ones, and people type the left/right
 * forms interchangeably, so each curly family closes with either of its members.
 */
const CLOSERS: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  '\u201C': '\u201C\u201D', // “ ”
  '\u201D': '\u201C\u201D',
  '\u201E': '\u201C\u201D', // „
  '\u2018': '\u2018\u2019', // ‘ ’
  '\u2019': '\u2018\u2019',
};

/** The characters that close a quote opened by `ch`, or undefined when `ch` opens none. */
export function closersOf(ch: string): string | undefined {
  return Object.hasOwn(CLOSERS, ch) ? CLOSERS[ch] : undefined;
}

/** Control (Cc) and invisible format (Cf: zero-width, bidi overrides, BOM) characters, line separators. */
const INVISIBLE_OR_CONTROL = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
/** In free text: control characters and the bidi overrides that can make a card lie about its text. */
const UNSAFE_IN_TEXT = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

export function hasInvisibleOrControl(value: string): boolean {
  return INVISIBLE_OR_CONTROL.test(value);
}

export function hasUnsafeTextChars(value: string): boolean {
  return UNSAFE_IN_TEXT.test(value);
}

export function collapseWhitespace(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/**
 * A short, inert copy of user input for error messages: invisible characters and the characters
 * chat markup gives meaning to (`, <, >, &) become "?", and long input is cut with an ellipsis.
 */
export function excerpt(value: string, max = MAX_ECHO_LENGTH): string {
  const cleaned = collapseWhitespace(value.replace(/[\p{Cc}\p{Cf}\u2028\u2029`<>&]/gu, '?'));
  const chars = Array.from(cleaned);
  return chars.length <= max ? cleaned : `${chars.slice(0, max).join('')}…`;
}
