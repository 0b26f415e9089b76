// Tokens of the simulator's KQL subset: words, numbers, timespans (24h), strings with KQL's
// backslash escapes, operators and punctuation; `//` comments are skipped. A raw line break inside a
// string is an error, as in KQL.

export class KqlError extends Error {}

export type TokenKind = 'word' | 'number' | 'timespan' | 'string' | 'symbol';
export interface Token {
  kind: TokenKind;
  text: string;
}

const PATTERN =
  /(?<space>\s+|\/\/[^\n]*)|(?<timespan>\d+(?:\.\d+)?(?:ms|d|h|m|s)(?![A-Za-z0-9_]))|(?<number>\d+(?:\.\d+)?(?![A-Za-z_]))|(?<string>"(?:[^"\\\n\r]|\\[^\n\r])*"|'(?:[^'\\\n\r]|\\[^\n\r])*')|(?<word>!?[A-Za-z_][A-Za-z0-9_]*~?)|(?<symbol>==|!=|=~|!~|<=|>=|[|,();=<>])/y;

export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  PATTERN.lastIndex = 0;
  while (PATTERN.lastIndex < query.length) {
    const start = PATTERN.lastIndex;
    const match = PATTERN.exec(query);
    if (match === null)
      throw new KqlError(
        `Query could not be parsed at position ${start}: '${query.slice(start, start + 20)}'`,
      );
    const groups = match.groups ?? {};
    if (groups.space !== undefined) continue;
    if (groups.timespan !== undefined) tokens.push({ kind: 'timespan', text: groups.timespan });
    else if (groups.number !== undefined) tokens.push({ kind: 'number', text: groups.number });
    else if (groups.string !== undefined) tokens.push({ kind: 'string', text: unquote(groups.string) });
    else if (groups.word !== undefined) tokens.push({ kind: 'word', text: groups.word });
    else if (groups.symbol !== undefined) tokens.push({ kind: 'symbol', text: groups.symbol });
  }
  return tokens;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"', "'": "'" };

function unquote(literal: string): string {
  return literal.slice(1, -1).replace(/\\(.)/g, (_all, char: string) => {
    const replaced = ESCAPES[char];
    if (replaced === undefined) throw new KqlError(`Unknown escape sequence '\\${char}' in a string literal`);
    return replaced;
  });
}

/** Milliseconds of a timespan literal such as 24h, 7d, 30m, 10s, 500ms. */
export function timespanMs(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|d|h|m|s)$/.exec(text);
  if (!match) throw new KqlError(`'${text}' is not a timespan`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'ms'];
  return Number(match[1]) * unit;
}

export function describe(tokens: readonly Token[] | undefined): string {
  return (tokens ?? []).map((token) => token.text).join(' ');
}
