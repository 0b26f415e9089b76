// Hostile and random input: the parser never throws, always answers, and its answers stay short,
// quote little of the input, and never carry unsafe characters into a Command.
import { describe, expect, it } from 'vitest';
import { MAX_MACHINE_LENGTH, VERBS, parseCommand, type ParseResult } from '../../src/commands/index.js';

/** mulberry32: a tiny seeded PRNG, so a failure reproduces with the same seed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fails when the message contains any 101-character run of the input (checked via 51-char windows every 50). */
function echoesTooMuch(input: string, message: string): boolean {
  for (let i = 0; i + 51 <= input.length; i += 50) {
    if (message.includes(input.slice(i, i + 51))) return true;
  }
  return false;
}

function assertWellFormed(input: string, result: ParseResult): void {
  if (!result.ok) {
    expect(result.error.code.length).toBeGreaterThan(0);
    expect(result.error.message.trim().length).toBeGreaterThan(0);
    expect(result.error.message.length).toBeLessThanOrEqual(500);
    expect(echoesTooMuch(input, result.error.message)).toBe(false);
    return;
  }
  const command = result.command;
  expect(VERBS).toContain(command.verb);
  const machine = 'query' in command ? command.query : 'machine' in command ? command.machine : undefined;
  if (machine !== undefined) {
    expect(machine.length).toBeGreaterThan(0);
    expect(machine.length).toBeLessThanOrEqual(MAX_MACHINE_LENGTH);
    expect(machine).not.toMatch(/[\p{Cc}\p{Cf}]/u);
  }
  if ('reason' in command) {
    expect(command.reason.length).toBeGreaterThan(0);
    expect(command.reason).not.toMatch(/[\p{Cc}\u202A-\u202E\u2066-\u2069]/u);
    expect(command.reason).toBe(command.reason.trim());
  }
}

function check(input: string): ParseResult {
  let result: ParseResult | undefined;
  expect(() => {
    result = parseCommand(input);
  }).not.toThrow();
  if (result === undefined) throw new Error('parseCommand returned nothing');
  assertWellFormed(input, result);
  return result;
}

const hostile = [
  'isolate web-07 "nested "quotes" here"',
  `isolate "web-07" '"'"'"`,
  'isolate """ x',
  "machine ''''",
  'machine "',
  '"',
  '“',
  '’',
  'isolate web-07 \u0000\u0001\u0002',
  'isolate\u0000web-07 x',
  '\u0000',
  'machine \u200Bweb-07\u200B',
  'machine web-07\u200F',
  'isolate web-07 \u202Eevil\u202C',
  'machine \uFEFFweb-07',
  'help\u200B',
  '\uD800isolate \uDFFF web',
  'isolate 💻🔥 reason 👩‍💻',
  'isolate web-07 مرحبا بالعالم',
  'machine <script>alert(1)</script>',
  'collect web-07 <img src=x onerror=alert(1)>',
  'isolate web-07 <!channel> <!here> @everyone',
  '<at>Defbot</at><at>Defbot</at> whoami',
  '<at>' + 'x'.repeat(300) + '</at> whoami',
  '<@U123|' + 'y'.repeat(200) + '> whoami',
  '<@U123 whoami',
  '/defender /defender /defender help',
  "machine x' or 1 eq 1",
  "machine x') or startswith(computerDnsName,'",
  'status 00000000-0000-0000-0000-000000000000; drop',
  'alerts high; rm -rf /',
  '$(reboot)',
  '`whoami`',
  'isolate web-07 \t\t\n\n\r\r reason \v\f',
  '\n\nisolate\n\nweb-07\n\nreason\n',
  'x'.repeat(10_000),
  'isolate web-07 ' + 'r'.repeat(10_000),
  'isolate ' + 'A'.repeat(1990),
  'machine ' + 'B'.repeat(1990),
  'status ' + 'C'.repeat(1990),
  'alerts ' + 'D'.repeat(1990),
  'subscribe ' + 'E'.repeat(1990),
  'help ' + 'F'.repeat(1990),
  'whoami ' + 'G'.repeat(1990),
  'H'.repeat(1999),
  '"' + 'I'.repeat(1990),
  'isolate web-07 "' + 'J'.repeat(1980),
  'alerts ' + '9'.repeat(1000) + 'h',
  'ＩＳＯＬＡＴＥ web-07 x',
  'İSOLATE web-07 x',
];

describe('parseCommand: hostile input', () => {
  it.each(hostile.map((text) => [text.length > 60 ? `${text.slice(0, 60)}… (${text.length})` : text, text]))(
    '%j',
    (_label, text) => {
      check(text);
    },
  );

  it('takes an OData injection attempt as the literal machine query', () => {
    expect(check("machine x' or 1 eq 1")).toEqual({
      ok: true,
      command: { verb: 'machine', query: "x' or 1 eq 1" },
    });
  });

  it('refuses 10 kB before reading it, with a short message', () => {
    const result = check('isolate web-07 ' + 'r'.repeat(10_000));
    expect(result).toMatchObject({ ok: false, error: { code: 'TOO_LONG' } });
    if (!result.ok) expect(result.error.message).not.toContain('rrrr');
  });

  it('quotes at most a short excerpt of long words', () => {
    for (const text of ['status ' + 'C'.repeat(1990), 'H'.repeat(1999), 'alerts ' + 'D'.repeat(1990)]) {
      const result = check(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message).not.toMatch(/[CHD]{41}/);
    }
  });

  it('does not repeat markup or invisible characters back', () => {
    for (const text of ['<script>x</script>', '`rm`', 'isol\u202Eate', '<!channel>']) {
      const result = check(text);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.message).not.toMatch(/[<>\u202E]/u);
        expect(result.error.message.match(/`/g)?.length ?? 0).toBeLessThanOrEqual(6);
      }
    }
  });
});

describe('parseCommand: 100,000 random strings (seeded)', () => {
  const pieces = [
    ...VERBS,
    'web-07',
    'full',
    'selective',
    'quick',
    'high',
    '24h',
    '0h',
    '999h',
    'reason',
    '7b2c1f4e-9a3d-4e5f-8a6b-1c2d3e4f5a6b',
    '/defender',
    '<at>Defbot</at>',
    '<@U024BE7LH>',
    '"',
    "'",
    '“',
    '”',
    '‘',
    '’',
    '„',
    '""',
    "''",
    ' ',
    '  ',
    '\t',
    '\n',
    '\r\n',
    '\u00A0',
    '\u2028',
    '\u0000',
    '\u0007',
    '\u001B[31m',
    '\u007F',
    '\u200B',
    '\u200D',
    '\u200F',
    '\u202E',
    '\u2066',
    '\uFEFF',
    '\uD83D',
    '\uDE00',
    '🔥',
    '👩‍💻',
    'ß',
    'İ',
    'مرحبا',
    '<',
    '>',
    '&',
    '`',
    '*',
    '_',
    '~',
    '|',
    '\\',
    "' or 1 eq 1",
    '$filter=',
    '%00',
    '<!channel>',
  ];
  it('never throws and always answers within the limits', () => {
    const random = prng(0xdefb07);
    const pick = (n: number): number => Math.floor(random() * n);
    let ok = 0;
    const codes = new Set<string>();
    for (let i = 0; i < 100_000; i++) {
      // Half the strings start like a command, so the argument parsers get their share.
      let text = random() < 0.5 ? `${VERBS[pick(VERBS.length)]} ` : '';
      const parts = 1 + pick(12);
      for (let p = 0; p < parts; p++) {
        text += random() < 0.8 ? pieces[pick(pieces.length)] : String.fromCharCode(pick(0x10000));
        if (random() < 0.6) text += ' ';
      }
      if (i % 1000 === 0) text += 'z'.repeat(pick(2500));
      const result = parseCommand(text);
      if (result.ok) ok++;
      else codes.add(result.error.code);
      if (!result.ok) {
        if (
          result.error.message.length === 0 ||
          result.error.message.length > 500 ||
          echoesTooMuch(text, result.error.message)
        ) {
          throw new Error(`bad error for input ${JSON.stringify(text)}: ${JSON.stringify(result.error)}`);
        }
      } else {
        assertWellFormed(text, result);
      }
    }
    // The generator must reach the argument parsers, not only fail at the verb.
    expect(ok).toBeGreaterThan(5000);
    // Blank text (after a mention or `/defender`) parses as `help`, so no string gives EMPTY.
    expect([...codes].sort()).toEqual([
      'EXTRA_ARGUMENT',
      'INVALID_ARGUMENT',
      'MISSING_ARGUMENT',
      'MISSING_REASON',
      'TOO_LONG',
      'UNKNOWN_VERB',
      'UNTERMINATED_QUOTE',
    ]);
  });
});
