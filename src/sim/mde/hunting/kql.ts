// A small, deterministic KQL: `let` statements, a table or a let-bound table piped through where,
// project, extend, take/limit, top, order by/sort by, distinct and count. Expressions: and/or/not(),
// comparisons (== != =~ !~ < <= > >=), string operators (contains, has, startswith, endswith and
// their negations), in/in~/!in over a list or a let-bound table, ago(), now(), tolower(), toupper(),
// strcat(), isempty(), isnotempty(). Anything else is a KqlError, answered with 400 BadRequest.
import { describe, KqlError, timespanMs, tokenize, type Token } from './kql-lexer.js';
import type { Cell, Column, HuntingTable, Row } from './tables.js';

export { KqlError } from './kql-lexer.js';

export interface QueryResult {
  Schema: Column[];
  Results: Row[];
}

type Value = Cell | Value[];
type Expr = (row: Row) => Value;
type Bindings = Map<string, QueryResult | Value>;

/** Expressions that yield true/false: `where` accepts only these, as KQL does. */
const BOOLEAN = new WeakSet<Expr>();
const boolean = (expr: (row: Row) => boolean): Expr => {
  BOOLEAN.add(expr);
  return expr;
};

interface Scope {
  tables: ReadonlyMap<string, HuntingTable>;
  lets: Bindings;
  nowMs: number;
}

export function runKql(
  query: string,
  tables: ReadonlyMap<string, HuntingTable>,
  nowMs: number = Date.now(),
): QueryResult {
  const statements = splitOn(tokenize(query), ';').filter((statement) => statement.length > 0);
  const scope: Scope = { tables, lets: new Map(), nowMs };
  let result: QueryResult | undefined;
  statements.forEach((statement, index) => {
    const last = index === statements.length - 1;
    if (statement[0]?.text === 'let') {
      if (last) throw new KqlError("A query must end with a tabular expression, not a 'let'");
      bindLet(statement.slice(1), scope);
    } else if (!last) {
      throw new KqlError(`Query could not be parsed at '${describe(statement)}': expected 'let' or the end`);
    } else {
      result = runTabular(statement, scope);
    }
  });
  if (result === undefined) throw new KqlError('Query could not be parsed: no tabular expression');
  return result;
}

function bindLet(tokens: Token[], scope: Scope): void {
  const [name, equals, ...rest] = tokens;
  if (name?.kind !== 'word' || equals?.text !== '=' || rest.length === 0)
    throw new KqlError(`Query could not be parsed at 'let ${describe(tokens)}'`);
  if (isTabularStart(rest, scope)) scope.lets.set(name.text, runTabular(rest, scope));
  else {
    const parser = new ExprParser(rest, [], scope);
    const expr = parser.parseExpr();
    parser.expectEnd();
    scope.lets.set(name.text, expr({}));
  }
}

function isTabularStart(tokens: Token[], scope: Scope): boolean {
  const first = tokens[0];
  if (first?.kind !== 'word') return false;
  const bound = scope.lets.get(first.text);
  return scope.tables.has(first.text) || isTable(bound);
}

function isTable(value: QueryResult | Value | undefined): value is QueryResult {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'Schema' in value;
}

function runTabular(tokens: Token[], scope: Scope): QueryResult {
  const [source, ...operators] = splitOn(tokens, '|');
  if (operators.some((stage) => stage.length === 0) || source === undefined)
    throw new KqlError('Query could not be parsed: empty pipeline stage');
  const name = source.length === 1 && source[0]?.kind === 'word' ? source[0].text : undefined;
  const bound = name === undefined ? undefined : scope.lets.get(name);
  const table =
    name === undefined ? undefined : (scope.tables.get(name) ?? (isTable(bound) ? bound : undefined));
  if (table === undefined)
    throw new KqlError(`Failed to resolve table expression named '${name ?? describe(source)}'`);
  let result: QueryResult = 'Schema' in table ? table : { Schema: table.schema, Results: table.rows };
  for (const stage of operators) result = applyStage(stage, result, scope);
  return result;
}

function applyStage(stage: Token[], input: QueryResult, scope: Scope): QueryResult {
  const [head, ...args] = stage;
  switch (head?.text) {
    case 'take':
    case 'limit':
      return { Schema: input.Schema, Results: input.Results.slice(0, count(head.text, args)) };
    case 'where': {
      const parser = new ExprParser(args, input.Schema, scope);
      const predicate = parser.parseExpr();
      parser.expectEnd();
      if (!BOOLEAN.has(predicate))
        throw new KqlError(`'where' expects a boolean expression, got '${describe(args)}'`);
      return { Schema: input.Schema, Results: input.Results.filter((row) => predicate(row) === true) };
    }
    case 'project':
      return project(args, input, scope, false);
    case 'extend':
      return project(args, input, scope, true);
    case 'order':
    case 'sort':
      if (args[0]?.text !== 'by') throw new KqlError(`'${head.text}' expects 'by'`);
      return sortBy(args.slice(1), input);
    case 'top': {
      const byAt = args.findIndex((token) => token.text === 'by');
      if (byAt < 0) throw new KqlError("'top' expects 'top N by Column'");
      const sorted = sortBy(args.slice(byAt + 1), input);
      return { Schema: sorted.Schema, Results: sorted.Results.slice(0, count('top', args.slice(0, byAt))) };
    }
    case 'distinct':
      return distinct(args, input);
    case 'count':
      if (args.length > 0) throw new KqlError("'count' takes no arguments");
      return { Schema: [{ Name: 'Count', Type: 'Int64' }], Results: [{ Count: input.Results.length }] };
    default:
      throw new KqlError(
        `Query could not be parsed at '${describe(stage)}': supported operators are where, project, extend, take, limit, top, order by, sort by, distinct, count`,
      );
  }
}

function count(operator: string, args: Token[]): number {
  const value = args.length === 1 && args[0]?.kind === 'number' ? Number(args[0].text) : Number.NaN;
  if (!Number.isInteger(value))
    throw new KqlError(`'${operator}' expects one integer, got '${describe(args)}'`);
  return value;
}

function project(args: Token[], input: QueryResult, scope: Scope, keep: boolean): QueryResult {
  const items = splitOn(args, ',');
  if (items.length === 0 || items.some((item) => item.length === 0))
    throw new KqlError("'project' expects a list of column names");
  const columns: { name: string; expr: Expr; type: Column['Type'] | undefined }[] = items.map((item) => {
    const [first, second] = item;
    if (item.length === 1 && first?.kind === 'word') {
      const name = requireColumn(input.Schema, first.text);
      return { name, expr: (row) => row[name] ?? null, type: typeOf(input.Schema, name) };
    }
    if (first?.kind === 'word' && second?.text === '=') {
      const parser = new ExprParser(item.slice(2), input.Schema, scope);
      const expr = parser.parseExpr();
      parser.expectEnd();
      return { name: first.text, expr, type: undefined };
    }
    throw new KqlError(`Query could not be parsed at '${describe(item)}'`);
  });
  const rows = input.Results.map((row) => {
    const out: Row = keep ? { ...row } : {};
    for (const column of columns) out[column.name] = scalar(column.expr(row));
    return out;
  });
  const added = columns.map((column) => ({
    Name: column.name,
    Type: column.type ?? inferType(rows.map((row) => row[column.name] ?? null)),
  }));
  const schema = keep
    ? [...input.Schema.filter((c) => !added.some((a) => a.Name === c.Name)), ...added]
    : added;
  return { Schema: schema, Results: rows };
}

function sortBy(args: Token[], input: QueryResult): QueryResult {
  const keys = splitOn(args, ',').map((key) => {
    const [column, direction, ...rest] = key;
    if (
      column?.kind !== 'word' ||
      rest.length > 0 ||
      (direction && !['asc', 'desc'].includes(direction.text))
    )
      throw new KqlError(`Query could not be parsed at 'by ${describe(args)}'`);
    return { name: requireColumn(input.Schema, column.text), desc: direction?.text !== 'asc' };
  });
  const rows = [...input.Results].sort((a, b) => {
    for (const key of keys) {
      const order = compare(a[key.name] ?? null, b[key.name] ?? null);
      if (order !== 0) return key.desc ? -order : order;
    }
    return 0;
  });
  return { Schema: input.Schema, Results: rows };
}

function distinct(args: Token[], input: QueryResult): QueryResult {
  const names = splitOn(args, ',').map((item) => {
    if (item.length !== 1 || item[0]?.kind !== 'word') throw new KqlError("'distinct' expects column names");
    return requireColumn(input.Schema, item[0].text);
  });
  const seen = new Set<string>();
  const rows: Row[] = [];
  for (const row of input.Results) {
    const picked = Object.fromEntries(names.map((name) => [name, row[name] ?? null]));
    const key = JSON.stringify(picked);
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push(picked);
  }
  return {
    Schema: names.map((name) => ({ Name: name, Type: typeOf(input.Schema, name) ?? 'String' })),
    Results: rows,
  };
}

const COMPARISONS = new Set(['==', '!=', '=~', '!~', '<', '<=', '>', '>=']);
const STRING_OPERATORS = new Set(['contains', 'has', 'startswith', 'endswith']);

/** Recursive descent over one expression: or > and > comparison > primary. */
class ExprParser {
  private at = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly schema: Column[],
    private readonly scope: Scope,
  ) {}

  expectEnd(): void {
    if (this.at < this.tokens.length)
      throw new KqlError(`Query could not be parsed at '${describe(this.tokens.slice(this.at))}'`);
  }

  parseExpr(): Expr {
    let left = this.parseAnd();
    while (this.peek()?.text === 'or') {
      this.at++;
      const [a, b] = [left, this.parseAnd()];
      left = boolean((row) => a(row) === true || b(row) === true);
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseComparison();
    while (this.peek()?.text === 'and') {
      this.at++;
      const [a, b] = [left, this.parseComparison()];
      left = boolean((row) => a(row) === true && b(row) === true);
    }
    return left;
  }

  private parseComparison(): Expr {
    const left = this.parsePrimary();
    const operator = this.peek();
    if (operator === undefined || !this.isOperator(operator)) return left;
    this.at++;
    const text = operator.text;
    const bare = text.replace(/^!/, '').replace(/~$/, '');
    if (bare === 'in') return this.parseIn(left, text);
    const right = this.parsePrimary();
    if (COMPARISONS.has(text)) return boolean((row) => comparison(text, left(row), right(row)));
    const negate = text.startsWith('!');
    return boolean((row) => {
      const a = String(scalar(left(row)) ?? '').toLowerCase();
      const b = String(scalar(right(row)) ?? '').toLowerCase();
      const hit = stringOperator(bare, a, b);
      return negate ? !hit : hit;
    });
  }

  private isOperator(token: Token): boolean {
    if (token.kind === 'symbol') return COMPARISONS.has(token.text);
    const bare = token.text.replace(/^!/, '');
    return STRING_OPERATORS.has(bare) || bare === 'in' || bare === 'in~';
  }

  private parseIn(left: Expr, operator: string): Expr {
    this.expect('(');
    const items: Expr[] = [];
    const name = this.peek();
    const bound = name?.kind === 'word' ? this.scope.lets.get(name.text) : undefined;
    let fromTable: Value[] | undefined;
    if (isTable(bound) && this.tokens[this.at + 1]?.text === ')') {
      this.at++;
      const column = bound.Schema[0]?.Name;
      fromTable = column === undefined ? [] : bound.Results.map((row) => row[column] ?? null);
    } else {
      for (;;) {
        items.push(this.parsePrimary());
        if (this.peek()?.text !== ',') break;
        this.at++;
      }
    }
    this.expect(')');
    const caseless = operator.endsWith('~');
    const negate = operator.startsWith('!');
    const norm = (value: Value) => {
      const text = String(scalar(value));
      return caseless ? text.toLowerCase() : text;
    };
    return boolean((row) => {
      const wanted = norm(left(row));
      const values = fromTable ?? items.map((item) => item(row));
      const hit = values.some((value) => norm(value) === wanted);
      return negate ? !hit : hit;
    });
  }

  private parsePrimary(): Expr {
    const token = this.tokens[this.at++];
    if (token === undefined) throw new KqlError('Query could not be parsed: the expression ends early');
    switch (token.kind) {
      case 'string': {
        const value = token.text;
        return () => value;
      }
      case 'number': {
        const value = Number(token.text);
        return () => value;
      }
      case 'timespan': {
        const value = timespanMs(token.text);
        return () => value;
      }
      case 'symbol':
        if (token.text === '(') {
          const inner = this.parseExpr();
          this.expect(')');
          return inner;
        }
        throw new KqlError(`Query could not be parsed at '${token.text}'`);
      case 'word':
        if (this.peek()?.text === '(') return this.parseCall(token.text);
        if (token.text === 'true' || token.text === 'false') {
          const value = token.text === 'true';
          return boolean(() => value);
        }
        if (this.scope.lets.has(token.text)) {
          const value = this.scope.lets.get(token.text);
          if (isTable(value)) throw new KqlError(`'${token.text}' is a table, not a scalar`);
          return () => value ?? null;
        }
        {
          const name = requireColumn(this.schema, token.text);
          return (row) => row[name] ?? null;
        }
    }
  }

  private parseCall(name: string): Expr {
    this.expect('(');
    const args: Expr[] = [];
    if (this.peek()?.text !== ')') {
      for (;;) {
        args.push(this.parseExpr());
        if (this.peek()?.text !== ',') break;
        this.at++;
      }
    }
    this.expect(')');
    const one = (): Expr => {
      const [arg] = args;
      if (args.length !== 1 || arg === undefined) throw new KqlError(`'${name}' expects one argument`);
      return arg;
    };
    const nowMs = this.scope.nowMs;
    switch (name) {
      case 'ago': {
        const arg = one();
        return (row) => new Date(nowMs - Number(arg(row))).toISOString();
      }
      case 'now':
        return () => new Date(nowMs).toISOString();
      case 'tolower': {
        const arg = one();
        return (row) => String(scalar(arg(row)) ?? '').toLowerCase();
      }
      case 'toupper': {
        const arg = one();
        return (row) => String(scalar(arg(row)) ?? '').toUpperCase();
      }
      case 'strcat':
        return (row) => args.map((arg) => String(scalar(arg(row)) ?? '')).join('');
      case 'isempty': {
        const arg = one();
        return boolean((row) => isEmpty(arg(row)));
      }
      case 'isnotempty': {
        const arg = one();
        return boolean((row) => !isEmpty(arg(row)));
      }
      case 'not': {
        const arg = one();
        return boolean((row) => arg(row) !== true);
      }
      default:
        throw new KqlError(`Failed to resolve scalar expression named '${name}'`);
    }
  }

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private expect(text: string): void {
    const token = this.tokens[this.at++];
    if (token?.text !== text)
      throw new KqlError(`Query could not be parsed: expected '${text}', got '${token?.text ?? 'the end'}'`);
  }
}

function scalar(value: Value): Cell {
  return Array.isArray(value) ? JSON.stringify(value) : value;
}

function isEmpty(value: Value): boolean {
  return value === null || value === '';
}

const ISO = /^\d{4}-\d\d-\d\dT/;

function compare(a: Value, b: Value): number {
  const [x, y] = [scalar(a), scalar(b)];
  if (x === null || y === null) return x === y ? 0 : x === null ? -1 : 1;
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  if (typeof x === 'string' && typeof y === 'string' && ISO.test(x) && ISO.test(y))
    return Date.parse(x) - Date.parse(y);
  return String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
}

function comparison(operator: string, a: Value, b: Value): boolean {
  switch (operator) {
    case '==':
      return scalar(a) === scalar(b) || (scalar(a) !== null && String(scalar(a)) === String(scalar(b)));
    case '!=':
      return !comparison('==', a, b);
    case '=~':
      return String(scalar(a) ?? '').toLowerCase() === String(scalar(b) ?? '').toLowerCase();
    case '!~':
      return !comparison('=~', a, b);
    case '<':
      return compare(a, b) < 0;
    case '<=':
      return compare(a, b) <= 0;
    case '>':
      return compare(a, b) > 0;
    default:
      return compare(a, b) >= 0;
  }
}

function stringOperator(operator: string, value: string, wanted: string): boolean {
  switch (operator) {
    case 'contains':
      return value.includes(wanted);
    case 'has':
      // A whole term: bounded by the ends or by characters that are not letters or digits.
      return new RegExp(`(^|[^a-z0-9])${escapeRegExp(wanted)}($|[^a-z0-9])`).test(value);
    case 'startswith':
      return value.startsWith(wanted);
    default:
      return value.endsWith(wanted);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function requireColumn(schema: Column[], name: string): string {
  if (!schema.some((column) => column.Name === name))
    throw new KqlError(`Failed to resolve scalar expression named '${name}'`);
  return name;
}

function typeOf(schema: Column[], name: string): Column['Type'] | undefined {
  return schema.find((column) => column.Name === name)?.Type;
}

function inferType(values: Cell[]): Column['Type'] {
  const sample = values.find((value) => value !== null);
  if (typeof sample === 'number') return 'Int64';
  if (typeof sample === 'boolean') return 'Boolean';
  if (typeof sample === 'string' && ISO.test(sample)) return 'DateTime';
  return 'String';
}

/** Splits on a top-level symbol (outside parentheses). */
function splitOn(tokens: Token[], separator: string): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    if (token.kind === 'symbol' && token.text === '(') depth++;
    if (token.kind === 'symbol' && token.text === ')') depth--;
    if (depth === 0 && token.kind === 'symbol' && token.text === separator) parts.push([]);
    else parts[parts.length - 1]?.push(token);
  }
  if (tokens.length === 0) return [];
  return parts;
}
