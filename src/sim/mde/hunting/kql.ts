// A deliberately tiny KQL: `<Table> | where Col == "x" | project a, b | take N`. Anything else is a
// KqlError, which the route answers with 400 BadRequest.
import type { Cell, Column, HuntingTable, Row } from './tables.js';

export class KqlError extends Error {}

type Token = { kind: 'word' | 'string' | 'number' | 'symbol'; text: string };
const OPERATORS = new Set(['==', '!=', '=~', '!~', 'contains', 'startswith']);

export interface QueryResult {
  Schema: Column[];
  Results: Row[];
}

export function runKql(query: string, tables: ReadonlyMap<string, HuntingTable>): QueryResult {
  const stages = splitPipeline(tokenize(query));
  const [source, ...operators] = stages;
  const tableName = source?.length === 1 && source[0]?.kind === 'word' ? source[0].text : undefined;
  const table = tableName === undefined ? undefined : tables.get(tableName);
  if (table === undefined)
    throw new KqlError(`Failed to resolve table expression named '${tableName ?? describe(source)}'`);
  let result: QueryResult = { Schema: table.schema, Results: table.rows };
  for (const stage of operators) result = applyStage(stage, result);
  return result;
}

function applyStage(stage: Token[], input: QueryResult): QueryResult {
  const [head, ...args] = stage;
  switch (head?.text) {
    case 'take':
    case 'limit': {
      const count = args.length === 1 && args[0]?.kind === 'number' ? Number(args[0].text) : Number.NaN;
      if (!Number.isInteger(count))
        throw new KqlError(`'${head.text}' expects one integer, got '${describe(args)}'`);
      return { Schema: input.Schema, Results: input.Results.slice(0, count) };
    }
    case 'where':
      return { Schema: input.Schema, Results: input.Results.filter(wherePredicate(args, input.Schema)) };
    case 'project':
      return project(args, input);
    default:
      throw new KqlError(
        `Query could not be parsed at '${describe(stage)}': supported operators are where, project, take, limit`,
      );
  }
}

function wherePredicate(args: Token[], schema: Column[]): (row: Row) => boolean {
  const [columnToken, operatorToken, valueToken, ...rest] = args;
  if (
    columnToken?.kind !== 'word' ||
    operatorToken === undefined ||
    valueToken === undefined ||
    rest.length > 0 ||
    !OPERATORS.has(operatorToken.text)
  ) {
    throw new KqlError(
      `Query could not be parsed at 'where ${describe(args)}': expected 'where Column == "value"'`,
    );
  }
  const name = requireColumn(schema, columnToken.text);
  if (valueToken.kind !== 'string' && valueToken.kind !== 'number')
    throw new KqlError(`Expected a literal after '${operatorToken.text}'`);
  const wanted = valueToken.text;
  return (row) => compareCell(row[name] ?? null, operatorToken.text, wanted);
}

function compareCell(cell: Cell, operator: string, wanted: string): boolean {
  const value = cell === null ? '' : String(cell);
  switch (operator) {
    case '==':
      return value === wanted;
    case '!=':
      return value !== wanted;
    case '=~':
      return value.toLowerCase() === wanted.toLowerCase();
    case '!~':
      return value.toLowerCase() !== wanted.toLowerCase();
    case 'contains':
      return value.toLowerCase().includes(wanted.toLowerCase());
    default:
      return value.toLowerCase().startsWith(wanted.toLowerCase());
  }
}

function project(args: Token[], input: QueryResult): QueryResult {
  const names: string[] = [];
  args.forEach((token, index) => {
    const expectComma = index % 2 === 1;
    if (expectComma ? token.text !== ',' : token.kind !== 'word')
      throw new KqlError(`Query could not be parsed at 'project ${describe(args)}'`);
    if (!expectComma) names.push(requireColumn(input.Schema, token.text));
  });
  if (names.length === 0 || args.length % 2 === 0)
    throw new KqlError("'project' expects a list of column names");
  const schema = names.map((name) => input.Schema.find((column) => column.Name === name) as Column);
  return {
    Schema: schema,
    Results: input.Results.map((row) => Object.fromEntries(names.map((name) => [name, row[name] ?? null]))),
  };
}

function requireColumn(schema: Column[], name: string): string {
  if (!schema.some((column) => column.Name === name))
    throw new KqlError(`Failed to resolve scalar expression named '${name}'`);
  return name;
}

function splitPipeline(tokens: Token[]): Token[][] {
  const stages: Token[][] = [[]];
  for (const token of tokens) {
    if (token.kind === 'symbol' && token.text === '|') stages.push([]);
    else stages[stages.length - 1]?.push(token);
  }
  if (stages.some((stage) => stage.length === 0))
    throw new KqlError('Query could not be parsed: empty pipeline stage');
  return stages;
}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  const pattern =
    /\s+|(?<word>[A-Za-z_][A-Za-z0-9_]*)|(?<number>\d+)|(?<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(?<symbol>==|!=|=~|!~|[|,])/y;
  while (pattern.lastIndex < query.length) {
    const start = pattern.lastIndex;
    const match = pattern.exec(query);
    if (match === null)
      throw new KqlError(
        `Query could not be parsed at position ${start}: '${query.slice(start, start + 20)}'`,
      );
    const groups = match.groups ?? {};
    if (groups.word !== undefined) tokens.push({ kind: 'word', text: groups.word });
    else if (groups.number !== undefined) tokens.push({ kind: 'number', text: groups.number });
    else if (groups.string !== undefined) tokens.push({ kind: 'string', text: unquote(groups.string) });
    else if (groups.symbol !== undefined) tokens.push({ kind: 'symbol', text: groups.symbol });
  }
  return tokens;
}

function unquote(literal: string): string {
  return literal.slice(1, -1).replace(/\\(.)/g, '$1');
}

function describe(tokens: Token[] | undefined): string {
  return (tokens ?? []).map((token) => token.text).join(' ');
}
