// Hunt arguments become KQL literals: checked by their type, escaped, and never able to change the
// query's structure — the simulator's KQL lexer sees exactly one string token where the value goes.
import { describe, expect, it } from 'vitest';
import { bindArgument, fillPlaceholders, kqlString } from '../../src/core/hunting.js';
import { tokenize } from '../../src/sim/mde/hunting/kql-lexer.js';

const HOSTILE = [
  'x" | take 1 | where "1" == "1',
  "x' or 1 == 1 //",
  'x\n| project-away *\n',
  'x"; let y = DeviceInfo; y | take 5 //',
  'x\\" | count //',
  'x\\\\"|',
  '/* x */ "',
  'a\tb\r\nc',
];

describe('kqlString', () => {
  it.each(HOSTILE)('keeps %j one string literal with the same value', (value) => {
    const query = `DeviceInfo | where DeviceName == ${kqlString(value)} | take 1`;
    const tokens = tokenize(query);
    expect(tokens.map((t) => t.kind)).toEqual([
      'word',
      'symbol',
      'word',
      'word',
      'symbol',
      'string',
      'symbol',
      'word',
      'number',
    ]);
    expect(tokens[5]?.text).toBe(value);
    expect(kqlString(value)).not.toMatch(/[\n\r]/);
  });
});

describe('bindArgument', () => {
  it('binds each type as one literal', () => {
    expect(bindArgument('machine', 'WEB-07')).toEqual({ ok: true, literal: '"web-07"' });
    expect(bindArgument('hours', '24')).toEqual({ ok: true, literal: '24h' });
    expect(bindArgument('hours', '48h')).toEqual({ ok: true, literal: '48h' });
    expect(bindArgument('days', '7')).toEqual({ ok: true, literal: '7d' });
    expect(bindArgument('ip', '203.0.113.66')).toEqual({ ok: true, literal: '"203.0.113.66"' });
    expect(bindArgument('sha256', 'A'.repeat(64))).toEqual({ ok: true, literal: `"${'a'.repeat(64)}"` });
    expect(bindArgument('user', 'o"brien')).toEqual({ ok: true, literal: '"o\\"brien"' });
  });

  it.each([
    ['machine', 'web-07" | take 1'],
    ['machine', 'web 07'],
    ['sha256', 'abc'],
    ['ip', '10.0.0.1 | take 1'],
    ['hours', '24h) | take 1'],
    ['hours', '0'],
    ['hours', '721'],
    ['days', '31'],
    ['user', ''],
    ['user', 'x'.repeat(257)],
    ['text', 'nul\u0000byte'],
  ] as const)('refuses %s %j, saying what it must be', (type, value) => {
    const bound = bindArgument(type, value);
    expect(bound.ok).toBe(false);
    if (!bound.ok) expect(bound.problem).toMatch(/^must be /);
  });

  it('fills every placeholder and leaves KQL braces alone', () => {
    const query = fillPlaceholders(
      'T | where A == {machine} and B == dynamic({"k": 1}) | take {n}',
      new Map([
        ['machine', '"x"'],
        ['n', '5'],
      ]),
    );
    expect(query).toBe('T | where A == "x" and B == dynamic({"k": 1}) | take 5');
  });
});
