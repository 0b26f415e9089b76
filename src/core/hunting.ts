// Named hunts' typed parameters and how an argument becomes a KQL literal. A value is checked by its
// type, then bound as one complete literal (a string with every quote, backslash and line break
// escaped, or a timespan built from digits), so no argument can change a query's structure.
import { isIP } from 'node:net';

export const HUNT_PARAM_TYPES = [
  'machine',
  'sha256',
  'sha1',
  'md5',
  'ip',
  'hours',
  'days',
  'user',
  'text',
] as const;
export type HuntParamType = (typeof HUNT_PARAM_TYPES)[number];

export const isHuntParamType = (value: string): value is HuntParamType =>
  (HUNT_PARAM_TYPES as readonly string[]).includes(value);

/** What each type accepts, in the words a refusal uses. */
export const HUNT_PARAM_DESCRIPTIONS: Readonly<Record<HuntParamType, string>> = {
  machine: 'a machine name (letters, digits, dots, hyphens, underscores) or MDE machine id',
  sha256: 'a SHA-256 hash (64 hex characters)',
  sha1: 'a SHA-1 hash (40 hex characters)',
  md5: 'an MD5 hash (32 hex characters)',
  ip: 'an IPv4 or IPv6 address',
  hours: 'a whole number of hours from 1 to 720 (e.g. 24 or 24h)',
  days: 'a whole number of days from 1 to 30 (e.g. 7 or 7d)',
  user: 'an account name or UPN (up to 256 characters)',
  text: 'text (up to 256 characters)',
};

export const MAX_TEXT_ARGUMENT = 256;

export type BoundArgument = { ok: true; literal: string } | { ok: false; problem: string };

/** Checks `value` as a `type` and returns its KQL literal. */
export function bindArgument(type: HuntParamType, value: string): BoundArgument {
  const refuse = (): BoundArgument => ({ ok: false, problem: `must be ${HUNT_PARAM_DESCRIPTIONS[type]}` });
  switch (type) {
    case 'machine':
      return /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/.test(value) ? stringLiteral(value.toLowerCase()) : refuse();
    case 'sha256':
      return /^[0-9a-fA-F]{64}$/.test(value) ? stringLiteral(value.toLowerCase()) : refuse();
    case 'sha1':
      return /^[0-9a-fA-F]{40}$/.test(value) ? stringLiteral(value.toLowerCase()) : refuse();
    case 'md5':
      return /^[0-9a-fA-F]{32}$/.test(value) ? stringLiteral(value.toLowerCase()) : refuse();
    case 'ip':
      return isIP(value) !== 0 ? stringLiteral(value) : refuse();
    case 'hours':
      return timespan(value, 'h', 720) ?? refuse();
    case 'days':
      return timespan(value, 'd', 30) ?? refuse();
    case 'user':
    case 'text':
      return value.length > 0 && value.length <= MAX_TEXT_ARGUMENT && !hasControlCharacter(value)
        ? stringLiteral(value)
        : refuse();
  }
}

function timespan(value: string, unit: 'h' | 'd', max: number): BoundArgument | undefined {
  const match = new RegExp(`^(\\d{1,4})${unit}?$`).exec(value);
  const count = match ? Number(match[1]) : Number.NaN;
  if (!Number.isInteger(count) || count < 1 || count > max) return undefined;
  return { ok: true, literal: `${count}${unit}` };
}

/** A KQL string literal: double quotes, backslash escapes for \\, ", ' and line breaks. */
export function kqlString(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/'/g, "\\'")
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  return `"${escaped}"`;
}

const stringLiteral = (value: string): BoundArgument => ({ ok: true, literal: kqlString(value) });

/** `{name}` placeholders in a hunt's KQL; names are words. */
export const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** The query with every placeholder replaced by its bound literal (all must be bound). */
export function fillPlaceholders(kql: string, literals: ReadonlyMap<string, string>): string {
  return kql.replace(PLACEHOLDER, (whole, name: string) => {
    const literal = literals.get(name);
    if (literal === undefined) throw new Error(`hunt parameter {${name}} has no value`);
    return literal;
  });
}

/** Control characters other than tab, line feed and carriage return (which are escaped). */
function hasControlCharacter(value: string): boolean {
  for (const char of value) {
    const code = char.charCodeAt(0);
    if ((code < 0x20 && char !== '\t' && char !== '\n' && char !== '\r') || code === 0x7f) return true;
  }
  return false;
}
