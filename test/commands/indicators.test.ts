// The grammar of `block`, `unblock` and `indicators`: each value kind, `for <N>d`, a reason that starts
// with "for", malformed values refused naming the expected formats, ids vs values for unblock.
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/commands/index.js';
import { EXPECTED_INDICATOR_FORMATS } from '../../src/core/indicators.js';

const command = (text: string) => {
  const result = parseCommand(text);
  if (!result.ok) throw new Error(result.error.message);
  return result.command;
};
const error = (text: string) => {
  const result = parseCommand(text);
  if (result.ok) throw new Error(`${text} parsed`);
  return result.error;
};

describe('block', () => {
  it.each([
    [
      'block EVIL.example phishing kit',
      { value: 'evil.example', kind: 'domain', days: undefined, reason: 'phishing kit' },
    ],
    ['block 203.0.113.9 for 14d C2', { value: '203.0.113.9', kind: 'ipv4', days: 14, reason: 'C2' }],
    [
      'block 2001:db8::7 beacon',
      { value: '2001:db8:0:0:0:0:0:7', kind: 'ipv6', days: undefined, reason: 'beacon' },
    ],
    [
      'block <https://evil.example/x|evil.example/x> drive-by',
      { value: 'https://evil.example/x', kind: 'url', days: undefined, reason: 'drive-by' },
    ],
    [
      `block ${'A'.repeat(40)} dropper`,
      { value: 'a'.repeat(40), kind: 'sha1', days: undefined, reason: 'dropper' },
    ],
    [
      'block evil.example for phishing',
      { value: 'evil.example', kind: 'domain', days: undefined, reason: 'for phishing' },
    ],
  ])('%s', (text, expected) => {
    expect(command(text)).toEqual({ verb: 'block', ...expected });
  });

  it('refuses a malformed value naming the formats it expects', () => {
    const refused = error('block not_a_host reason');
    expect(refused.code).toBe('INVALID_ARGUMENT');
    expect(refused.message).toContain(EXPECTED_INDICATOR_FORMATS);
  });

  it.each([
    ['block evil.example', 'MISSING_REASON'],
    ['block', 'MISSING_ARGUMENT'],
    ['block evil.example for 0d x', 'INVALID_ARGUMENT'],
    ['block evil.example for 400d x', 'INVALID_ARGUMENT'],
    ['block evil.example for 30 x', 'INVALID_ARGUMENT'],
    ['block 10.0.0.0/8 range', 'INVALID_ARGUMENT'],
  ])('%s -> %s', (text, code) => expect(error(text).code).toBe(code));
});

describe('unblock and indicators', () => {
  it('takes an indicator id or a value', () => {
    expect(command('unblock 1001 false positive')).toEqual({
      verb: 'unblock',
      value: '1001',
      kind: 'id',
      reason: 'false positive',
    });
    expect(command('unblock Evil.example done')).toEqual({
      verb: 'unblock',
      value: 'evil.example',
      kind: 'domain',
      reason: 'done',
    });
    expect(error('unblock 1001').code).toBe('MISSING_REASON');
  });

  it('lists all, or for one checked value', () => {
    expect(command('indicators')).toEqual({ verb: 'indicators', value: undefined });
    expect(command('indicators Evil.example')).toEqual({ verb: 'indicators', value: 'evil.example' });
    expect(error('indicators evil.example more').code).toBe('EXTRA_ARGUMENT');
    expect(error('indicators ???').message).toContain(EXPECTED_INDICATOR_FORMATS);
  });
});
