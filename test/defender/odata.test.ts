import { describe, expect, it } from 'vitest';
import { odataAnd, odataDateTime, odataOr, odataString } from '../../src/defender/odata.js';

describe('OData literals', () => {
  it('doubles every quote so a value cannot close its literal', () => {
    expect(odataString("o'brien")).toBe("'o''brien'");
    expect(odataString("x' or 1 eq 1")).toBe("'x'' or 1 eq 1'");
    expect(odataString("''")).toBe("''''''");
  });

  it('keeps hostile text inside exactly one literal', () => {
    const hostile = ["a' or computerDnsName ne '", "')) or ((1 eq 1", "'; drop", "\u2019'\u2018", 'plain'];
    for (const value of hostile) {
      const literal = odataString(value);
      // Strip the outer quotes; what remains must have only doubled quotes.
      const inner = literal.slice(1, -1);
      expect(inner.replace(/''/g, '')).not.toContain("'");
      expect(inner.replace(/''/g, "'")).toBe(value);
    }
  });

  it('writes datetimes as unquoted UTC ISO-8601 and rejects invalid dates', () => {
    expect(odataDateTime(new Date('2026-01-02T03:04:05.678Z'))).toBe('2026-01-02T03:04:05.678Z');
    expect(() => odataDateTime(new Date('nope'))).toThrow(RangeError);
  });

  it('parenthesises combined clauses and drops missing ones', () => {
    expect(odataAnd('a eq 1', undefined, 'b eq 2')).toBe('(a eq 1) and (b eq 2)');
    expect(odataAnd('a eq 1')).toBe('a eq 1');
    expect(odataAnd(undefined)).toBeUndefined();
    expect(odataOr('a eq 1', 'b eq 2')).toBe('(a eq 1) or (b eq 2)');
  });
});
