// Tokenizer for the OData $filter subset MDE documents: identifiers, quoted strings (a quote inside is
// doubled), numbers, unquoted ISO-8601 date-times, parentheses and commas.

export type ODataToken =
  | { kind: 'identifier'; text: string; position: number }
  | { kind: 'string'; value: string; position: number }
  | { kind: 'number'; value: number; position: number }
  | { kind: 'datetime'; value: number; text: string; position: number }
  | { kind: 'punctuation'; text: '(' | ')' | ','; position: number };

export class ODataSyntaxError extends Error {}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_./]*/;
// Date-only (`2018-08-01Z`) or full date-time, offset optional as in the docs' samples.
const DATETIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?)?(?:Z|[+-]\d{2}:\d{2})?/;
const NUMBER = /^-?\d+(?:\.\d+)?/;
const MAX_FILTER_LENGTH = 4096;

export function tokenize(text: string): ODataToken[] {
  if (text.length > MAX_FILTER_LENGTH)
    throw new ODataSyntaxError(`The $filter is longer than ${MAX_FILTER_LENGTH} characters.`);
  const tokens: ODataToken[] = [];
  let position = 0;
  while (position < text.length) {
    const rest = text.slice(position);
    const char = rest[0] ?? '';
    if (/\s/.test(char)) {
      position += 1;
    } else if (char === '(' || char === ')' || char === ',') {
      tokens.push({ kind: 'punctuation', text: char, position });
      position += 1;
    } else if (char === "'") {
      const { value, length } = readString(text, position);
      tokens.push({ kind: 'string', value, position });
      position += length;
    } else {
      const token = readWord(rest, position);
      tokens.push(token.token);
      position += token.length;
    }
  }
  return tokens;
}

function readString(text: string, start: number): { value: string; length: number } {
  let value = '';
  let index = start + 1;
  while (index < text.length) {
    const char = text[index];
    if (char === "'") {
      if (text[index + 1] === "'") {
        value += "'";
        index += 2;
        continue;
      }
      return { value, length: index + 1 - start };
    }
    value += char;
    index += 1;
  }
  throw new ODataSyntaxError(`Unterminated string literal at position ${start}.`);
}

function readWord(rest: string, position: number): { token: ODataToken; length: number } {
  const datetime = DATETIME.exec(rest)?.[0];
  if (datetime !== undefined) {
    const value = Date.parse(
      datetime.endsWith('Z') || /[+-]\d{2}:\d{2}$/.test(datetime) ? datetime : `${datetime}Z`,
    );
    if (Number.isNaN(value))
      throw new ODataSyntaxError(`Invalid date-time literal '${datetime}' at position ${position}.`);
    return { token: { kind: 'datetime', value, text: datetime, position }, length: datetime.length };
  }
  const number = NUMBER.exec(rest)?.[0];
  if (number !== undefined)
    return { token: { kind: 'number', value: Number(number), position }, length: number.length };
  const identifier = IDENTIFIER.exec(rest)?.[0];
  if (identifier !== undefined)
    return { token: { kind: 'identifier', text: identifier, position }, length: identifier.length };
  throw new ODataSyntaxError(
    `Syntax error: character '${rest[0] ?? ''}' is not valid at position ${position}.`,
  );
}
