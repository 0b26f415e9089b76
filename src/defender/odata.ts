// OData literal builders. Every user value that reaches a $filter goes through here:
// a string literal is quoted and any quote inside it doubled (OData ABNF), so user text can
// never close the literal and add clauses of its own.

export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** DateTimeOffset literals are unquoted ISO-8601 in UTC. */
export function odataDateTime(value: Date): string {
  if (Number.isNaN(value.getTime())) throw new RangeError('Invalid date for an OData literal');
  return value.toISOString();
}

export function odataAnd(...clauses: (string | undefined)[]): string | undefined {
  const present = clauses.filter((c): c is string => c !== undefined && c.length > 0);
  if (present.length === 0) return undefined;
  return present.map((c) => (present.length > 1 ? `(${c})` : c)).join(' and ');
}

export function odataOr(...clauses: string[]): string {
  return clauses.length > 1 ? clauses.map((c) => `(${c})`).join(' or ') : (clauses[0] ?? '');
}
