// Recursive-descent parser for the $filter subset MDE documents (eq ne gt ge lt le, and/or/not,
// parentheses, startswith/endswith/contains), compiled into a typed predicate over one entity set.
import { ODataSyntaxError, tokenize, type ODataToken } from './odata-lexer.js';

export { ODataSyntaxError } from './odata-lexer.js';

export type FieldKind = 'string' | 'number' | 'datetime' | 'stringList';
export type FieldValue = string | number | string[] | null;

export interface FieldSpec<T> {
  kind: FieldKind;
  read: (item: T) => FieldValue;
}

/** Filterable properties of one entity set, keyed by their documented names (matched case-insensitively). */
export type FieldTable<T> = Readonly<Record<string, FieldSpec<T>>>;
export type Predicate<T> = (item: T) => boolean;

type Literal =
  { kind: 'string'; value: string } | { kind: 'number' | 'datetime'; value: number } | { kind: 'null' };
type Operator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

const OPERATORS: ReadonlySet<string> = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FUNCTIONS: ReadonlySet<string> = new Set(['startswith', 'endswith', 'contains']);
const MAX_NESTING = 32;

/** Parses `text` against `fields`; throws ODataSyntaxError with a message fit for an ODataError reply. */
export function parseFilter<T>(text: string, fields: FieldTable<T>): Predicate<T> {
  const tokens = tokenize(text);
  if (tokens.length === 0) throw new ODataSyntaxError('The $filter expression is empty.');
  const parser = new FilterParser(tokens, fields);
  const predicate = parser.parseExpression(0);
  parser.expectEnd();
  return predicate;
}

class FilterParser<T> {
  private index = 0;

  constructor(
    private readonly tokens: ODataToken[],
    private readonly fields: FieldTable<T>,
  ) {}

  parseExpression(depth: number): Predicate<T> {
    checkDepth(depth);
    let left = this.parseAnd(depth);
    while (this.acceptKeyword('or')) {
      const [a, b] = [left, this.parseAnd(depth)];
      left = (item) => a(item) || b(item);
    }
    return left;
  }

  expectEnd(): void {
    const token = this.tokens[this.index];
    if (token !== undefined) throw this.unexpected(token, 'end of expression');
  }

  private parseAnd(depth: number): Predicate<T> {
    let left = this.parseUnary(depth);
    while (this.acceptKeyword('and')) {
      const [a, b] = [left, this.parseUnary(depth)];
      left = (item) => a(item) && b(item);
    }
    return left;
  }

  private parseUnary(depth: number): Predicate<T> {
    if (this.acceptKeyword('not')) {
      checkDepth(depth + 1);
      const inner = this.parseUnary(depth + 1);
      return (item) => !inner(item);
    }
    return this.parsePrimary(depth);
  }

  private parsePrimary(depth: number): Predicate<T> {
    const token = this.next('a property name, a function or "("');
    if (token.kind === 'punctuation' && token.text === '(') {
      const inner = this.parseExpression(depth + 1);
      this.expectPunctuation(')');
      return inner;
    }
    if (token.kind !== 'identifier') throw this.unexpected(token, 'a property name');
    const following = this.tokens[this.index];
    if (FUNCTIONS.has(token.text) && following?.kind === 'punctuation' && following.text === '(') {
      return this.parseFunction(token.text);
    }
    return this.parseComparison(token.text, token.position);
  }

  private parseComparison(name: string, position: number): Predicate<T> {
    const field = this.field(name, position);
    const operatorToken = this.next('a comparison operator');
    if (operatorToken.kind !== 'identifier' || !OPERATORS.has(operatorToken.text)) {
      throw this.unexpected(operatorToken, 'a comparison operator (eq, ne, gt, ge, lt, le)');
    }
    const literal = this.parseLiteral();
    return compare(field, name, operatorToken.text as Operator, literal);
  }

  private parseFunction(name: string): Predicate<T> {
    this.expectPunctuation('(');
    const fieldToken = this.next('a property name');
    if (fieldToken.kind !== 'identifier') throw this.unexpected(fieldToken, 'a property name');
    const field = this.field(fieldToken.text, fieldToken.position);
    if (field.kind !== 'string')
      throw new ODataSyntaxError(`${name} needs a string property; '${fieldToken.text}' is not one.`);
    this.expectPunctuation(',');
    const argument = this.next('a string literal');
    if (argument.kind !== 'string') throw this.unexpected(argument, 'a string literal');
    this.expectPunctuation(')');
    const needle = argument.value.toLowerCase();
    const test =
      name === 'startswith'
        ? (value: string) => value.startsWith(needle)
        : name === 'endswith'
          ? (value: string) => value.endsWith(needle)
          : (value: string) => value.includes(needle);
    return (item) => {
      const value = field.read(item);
      return typeof value === 'string' && test(value.toLowerCase());
    };
  }

  private parseLiteral(): Literal {
    const token = this.next('a literal value');
    switch (token.kind) {
      case 'string':
        return { kind: 'string', value: token.value };
      case 'number':
        return { kind: 'number', value: token.value };
      case 'datetime':
        return { kind: 'datetime', value: token.value };
      case 'identifier':
        if (token.text === 'null') return { kind: 'null' };
        throw this.unexpected(token, 'a literal value');
      default:
        throw this.unexpected(token, 'a literal value');
    }
  }

  private field(name: string, position: number): FieldSpec<T> {
    const key = Object.keys(this.fields).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    const spec = key === undefined ? undefined : this.fields[key];
    if (spec === undefined)
      throw new ODataSyntaxError(`Could not find a property named '${name}' (position ${position}).`);
    return spec;
  }

  private acceptKeyword(keyword: string): boolean {
    const token = this.tokens[this.index];
    if (token?.kind === 'identifier' && token.text === keyword) {
      this.index += 1;
      return true;
    }
    return false;
  }

  private expectPunctuation(text: '(' | ')' | ','): void {
    const token = this.next(`"${text}"`);
    if (token.kind !== 'punctuation' || token.text !== text) throw this.unexpected(token, `"${text}"`);
  }

  private next(expected: string): ODataToken {
    const token = this.tokens[this.index];
    if (token === undefined) throw new ODataSyntaxError(`Unexpected end of $filter: expected ${expected}.`);
    this.index += 1;
    return token;
  }

  private unexpected(token: ODataToken, expected: string): ODataSyntaxError {
    return new ODataSyntaxError(`Syntax error at position ${token.position}: expected ${expected}.`);
  }
}

function checkDepth(depth: number): void {
  if (depth > MAX_NESTING)
    throw new ODataSyntaxError(`The $filter is nested more than ${MAX_NESTING} levels deep.`);
}

function compare<T>(field: FieldSpec<T>, name: string, operator: Operator, literal: Literal): Predicate<T> {
  if (literal.kind === 'null') {
    if (operator !== 'eq' && operator !== 'ne')
      throw new ODataSyntaxError(`Operator '${operator}' cannot compare with null.`);
    return (item) => (field.read(item) === null) === (operator === 'eq');
  }
  if (!compatible(field.kind, literal.kind)) {
    throw new ODataSyntaxError(
      `The property '${name}' (${field.kind}) cannot be compared with a ${literal.kind} literal.`,
    );
  }
  if (field.kind === 'stringList') {
    if (operator !== 'eq' && operator !== 'ne')
      throw new ODataSyntaxError(`Operator '${operator}' is not supported on '${name}'.`);
    const wanted = String(literal.value).toLowerCase();
    return (item) => {
      const value = field.read(item);
      const has = Array.isArray(value) && value.some((entry) => entry.toLowerCase() === wanted);
      return has === (operator === 'eq');
    };
  }
  const right = typeof literal.value === 'string' ? literal.value.toLowerCase() : literal.value;
  return (item) => {
    const left = normalise(field.kind, field.read(item));
    if (left === null) return operator === 'ne';
    return applyOperator(operator, left, right);
  };
}

function compatible(fieldKind: FieldKind, literalKind: 'string' | 'number' | 'datetime'): boolean {
  if (fieldKind === 'string' || fieldKind === 'stringList') return literalKind === 'string';
  return fieldKind === literalKind;
}

function normalise(kind: FieldKind, value: FieldValue): string | number | null {
  if (value === null || Array.isArray(value)) return null;
  if (kind === 'datetime') return typeof value === 'string' ? Date.parse(value) : value;
  // MDE compares names without regard to case (UNVERIFIED: observed portal behaviour, not documented).
  return typeof value === 'string' ? value.toLowerCase() : value;
}

function applyOperator(operator: Operator, left: string | number, right: string | number): boolean {
  switch (operator) {
    case 'eq':
      return left === right;
    case 'ne':
      return left !== right;
    case 'gt':
      return left > right;
    case 'ge':
      return left >= right;
    case 'lt':
      return left < right;
    case 'le':
      return left <= right;
  }
}
