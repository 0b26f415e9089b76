import { describe, expect, it } from 'vitest';
import { ODataSyntaxError, parseFilter, type FieldTable } from '../../src/sim/mde/odata.js';

interface Row {
  name: string;
  seen: string;
  group: number;
  tags: string[];
  owner: string | null;
}

const FIELDS: FieldTable<Row> = {
  computerDnsName: { kind: 'string', read: (r) => r.name },
  lastSeen: { kind: 'datetime', read: (r) => r.seen },
  rbacGroupId: { kind: 'number', read: (r) => r.group },
  machineTags: { kind: 'stringList', read: (r) => r.tags },
  assignedTo: { kind: 'string', read: (r) => r.owner },
};

const ROWS: Row[] = [
  { name: 'web-07.contoso.local', seen: '2026-03-01T10:00:00Z', group: 101, tags: ['prod'], owner: null },
  { name: 'web-07.fabrikam.local', seen: '2026-02-20T10:00:00Z', group: 0, tags: [], owner: 'a@contoso.com' },
  {
    name: "o'brien-laptop.contoso.local",
    seen: '2026-03-02T08:00:00.1234567Z',
    group: 102,
    tags: ['vip'],
    owner: null,
  },
  { name: "x' or 1 eq 1", seen: '2026-03-02T08:00:00Z', group: 102, tags: [], owner: null },
];

const names = (filter: string): string[] => ROWS.filter(parseFilter(filter, FIELDS)).map((r) => r.name);
const rejects = (filter: string): void => {
  expect(() => parseFilter(filter, FIELDS)).toThrow(ODataSyntaxError);
};

describe('OData $filter parser', () => {
  it('compares strings with eq/ne, ignoring case', () => {
    expect(names("computerDnsName eq 'WEB-07.contoso.local'")).toEqual(['web-07.contoso.local']);
    expect(names("computerDnsName ne 'web-07.contoso.local'")).toHaveLength(3);
  });

  it('reads doubled quotes inside string literals', () => {
    expect(names("computerDnsName eq 'o''brien-laptop.contoso.local'")).toEqual([
      "o'brien-laptop.contoso.local",
    ]);
  });

  it('treats a properly escaped injection attempt as a plain value', () => {
    expect(names("computerDnsName eq 'x'' or 1 eq 1'")).toEqual(["x' or 1 eq 1"]);
  });

  it('refuses unescaped injection attempts instead of widening the match', () => {
    rejects("computerDnsName eq 'x' or 1 eq 1'"); // unterminated string
    rejects("computerDnsName eq 'x' or 1 eq 1"); // literal on the left is not in the grammar
    rejects("computerDnsName eq 'x' or true"); // bare identifier is not a predicate
    rejects("computerDnsName eq 'x'; drop table machines");
    rejects("computerDnsName eq 'x' --");
  });

  it('evaluates a grammatical or-injection strictly: each side must match on its own', () => {
    expect(names("computerDnsName eq 'x' or computerDnsName eq 'web-07.fabrikam.local'")).toEqual([
      'web-07.fabrikam.local',
    ]);
  });

  it('supports and, or, not and parentheses with the usual precedence', () => {
    expect(
      names("rbacGroupId eq 102 and (startswith(computerDnsName,'o') or computerDnsName eq 'nope')"),
    ).toEqual(["o'brien-laptop.contoso.local"]);
    expect(names("rbacGroupId eq 0 or rbacGroupId eq 101 and computerDnsName eq 'none'")).toEqual([
      'web-07.fabrikam.local',
    ]);
    expect(names('not (rbacGroupId ge 101)')).toEqual(['web-07.fabrikam.local']);
  });

  it('compares unquoted ISO date-times, with or without fractions and time', () => {
    expect(names('lastSeen gt 2026-03-01T00:00:00Z')).toHaveLength(3);
    expect(names('lastSeen lt 2026-02-21Z')).toEqual(['web-07.fabrikam.local']);
    expect(names('lastSeen ge 2026-03-02T08:00:00.1234567Z')).toEqual(["o'brien-laptop.contoso.local"]);
  });

  it('matches startswith case-insensitively and collections by membership', () => {
    expect(names("startswith(computerDnsName,'WEB-07.')")).toEqual([
      'web-07.contoso.local',
      'web-07.fabrikam.local',
    ]);
    expect(names("machineTags eq 'vip'")).toEqual(["o'brien-laptop.contoso.local"]);
  });

  it('compares with null', () => {
    expect(names('assignedTo ne null')).toEqual(['web-07.fabrikam.local']);
    rejects('assignedTo gt null');
  });

  it('matches property names case-insensitively but rejects unknown ones', () => {
    expect(names("ComputerDnsName eq 'web-07.contoso.local'")).toHaveLength(1);
    rejects("osName eq 'x'");
  });

  it('rejects type mismatches and malformed expressions with a message', () => {
    rejects("rbacGroupId eq '101'");
    rejects("lastSeen gt '2026-01-01'");
    rejects('computerDnsName eq 5');
    rejects("computerDnsName eq 'a' and");
    rejects("(computerDnsName eq 'a'");
    rejects("computerDnsName eq 'a')");
    rejects("computerDnsName like 'a'");
    rejects('');
    rejects("startswith(rbacGroupId,'1')");
    rejects('lastSeen gt 2026-13-45T99:00:00Z');
    expect(() => parseFilter("computerDnsName eq 'a' and", FIELDS)).toThrow(/expected a property name/);
  });

  it('bounds nesting and length so hostile input cannot exhaust the stack', () => {
    rejects(`${'('.repeat(200)}rbacGroupId eq 1${')'.repeat(200)}`);
    rejects(`${'not '.repeat(200)}rbacGroupId eq 1`);
    rejects(`computerDnsName eq '${'a'.repeat(5000)}'`);
  });
});
