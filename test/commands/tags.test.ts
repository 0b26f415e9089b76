// `tag` / `untag <machine> <tag>`: the tag is the rest of the text, checked before anything runs.
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/commands/index.js';

const errorOf = (text: string) => {
  const result = parseCommand(text);
  if (result.ok) throw new Error(`${text} parsed`);
  return result.error;
};

describe('tag and untag', () => {
  it('read the machine and the rest of the text as the tag, quoted or not', () => {
    expect(parseCommand('tag web-07 under investigation')).toEqual({
      ok: true,
      command: { verb: 'tag', machine: 'web-07', tag: 'under investigation' },
    });
    expect(parseCommand('UNTAG 10.1.2.3 "case 4711"')).toEqual({
      ok: true,
      command: { verb: 'untag', machine: '10.1.2.3', tag: 'case 4711' },
    });
    expect(parseCommand(`tag web-07 ${'t'.repeat(200)}`).ok).toBe(true);
  });

  it('refuse a missing machine or tag, a tag over 200 characters, and characters the portal cannot filter', () => {
    expect(errorOf('tag').code).toBe('MISSING_ARGUMENT');
    expect(errorOf('tag web-07').message).toMatch(/Which tag\? `tag <machine> <tag>`/);
    expect(errorOf(`tag web-07 ${'t'.repeat(201)}`).message).toMatch(/at most 200 characters/);
    for (const bad of ['"needs, review"', 'x(y)', 'a)b', 'zero\u200bwidth']) {
      const error = errorOf(`untag web-07 ${bad}`);
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toMatch(/cannot be a tag/);
    }
  });
});
