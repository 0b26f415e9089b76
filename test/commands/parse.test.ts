import { describe, expect, it } from 'vitest';
import { parseCommand, type Command, type ParseErrorCode } from '../../src/commands/index.js';

const GUID = '7b2c1f4e-9a3d-4e5f-8a6b-1c2d3e4f5a6b';

const valid: [string, Command][] = [
  ['help', { verb: 'help' }],
  ['HELP', { verb: 'help' }],
  ['help isolate', { verb: 'help', topic: 'isolate' }],
  ['whoami', { verb: 'whoami' }],
  ['machine web-07', { verb: 'machine', query: 'web-07' }],
  ['machine web-07.contoso.local', { verb: 'machine', query: 'web-07.contoso.local' }],
  ['machine 10.1.2.3', { verb: 'machine', query: '10.1.2.3' }],
  ['machine "web 07"', { verb: 'machine', query: 'web 07' }],
  ["machine x' or 1 eq 1", { verb: 'machine', query: "x' or 1 eq 1" }],
  ["machine 'x' or 1 eq 1", { verb: 'machine', query: "'x' or 1 eq 1" }],
  ['alerts', { verb: 'alerts' }],
  ['alerts high', { verb: 'alerts', severity: 'high' }],
  ['alerts Informational', { verb: 'alerts', severity: 'informational' }],
  ['alerts 24h', { verb: 'alerts', windowHours: 24 }],
  ['alerts 1h', { verb: 'alerts', windowHours: 1 }],
  ['alerts 720H', { verb: 'alerts', windowHours: 720 }],
  ['alerts medium 48h', { verb: 'alerts', severity: 'medium', windowHours: 48 }],
  ['alerts 48h low', { verb: 'alerts', severity: 'low', windowHours: 48 }],
  ['actions web-07', { verb: 'actions', machine: 'web-07' }],
  [`status ${GUID}`, { verb: 'status', actionId: GUID }],
  [`status ${GUID.toUpperCase()}`, { verb: 'status', actionId: GUID }],
  [
    'scan web-07 weekly check',
    { verb: 'scan', machine: 'web-07', scanType: 'quick', reason: 'weekly check' },
  ],
  [
    'scan web-07 full suspicious dll',
    { verb: 'scan', machine: 'web-07', scanType: 'full', reason: 'suspicious dll' },
  ],
  ['scan web-07 QUICK x', { verb: 'scan', machine: 'web-07', scanType: 'quick', reason: 'x' }],
  ['collect web-07 IR-1234 evidence', { verb: 'collect', machine: 'web-07', reason: 'IR-1234 evidence' }],
  [
    'isolate web-07 ransomware beacon',
    { verb: 'isolate', machine: 'web-07', isolationType: 'full', reason: 'ransomware beacon' },
  ],
  [
    'isolate web-07 selective keep Teams up',
    { verb: 'isolate', machine: 'web-07', isolationType: 'selective', reason: 'keep Teams up' },
  ],
  ['isolate web-07 full x', { verb: 'isolate', machine: 'web-07', isolationType: 'full', reason: 'x' }],
  ['release web-07 false positive', { verb: 'release', machine: 'web-07', reason: 'false positive' }],
  ['restrict web-07 unknown binaries', { verb: 'restrict', machine: 'web-07', reason: 'unknown binaries' }],
  ['unrestrict web-07 cleaned', { verb: 'unrestrict', machine: 'web-07', reason: 'cleaned' }],
  ['subscribe', { verb: 'subscribe' }],
  ['subscribe medium', { verb: 'subscribe', severity: 'medium' }],
  ['unsubscribe', { verb: 'unsubscribe' }],
  ['login', { verb: 'login' }],
  ['logout', { verb: 'logout' }],
];

describe('parseCommand: every verb', () => {
  it.each(valid)('%j', (text, command) => {
    expect(parseCommand(text)).toEqual({ ok: true, command });
  });
});

describe('parseCommand: prefixes, quotes and whitespace', () => {
  const cases: [string, Command][] = [
    ['/defender machine web-07', { verb: 'machine', query: 'web-07' }],
    ['<at>Defbot</at> machine web-07', { verb: 'machine', query: 'web-07' }],
    ['<at>Defender Bot</at>  /defender whoami', { verb: 'whoami' }],
    ['<@U024BE7LH> whoami', { verb: 'whoami' }],
    ['<@U024BE7LH|defbot> whoami', { verb: 'whoami' }],
    [
      '  IsOlAtE   web-07   full   lateral   movement  ',
      {
        verb: 'isolate',
        machine: 'web-07',
        isolationType: 'full',
        reason: 'lateral movement',
      },
    ],
    [
      'isolate\tweb-07\nransomware\r\nbeacon',
      {
        verb: 'isolate',
        machine: 'web-07',
        isolationType: 'full',
        reason: 'ransomware beacon',
      },
    ],
    [
      'isolate "web 07" "ransomware beacon"',
      {
        verb: 'isolate',
        machine: 'web 07',
        isolationType: 'full',
        reason: 'ransomware beacon',
      },
    ],
    [
      "isolate 'web-07' selective 'bad'",
      {
        verb: 'isolate',
        machine: 'web-07',
        isolationType: 'selective',
        reason: 'bad',
      },
    ],
    [
      'isolate “web 07” “it’s the user’s laptop”',
      {
        verb: 'isolate',
        machine: 'web 07',
        isolationType: 'full',
        reason: 'it’s the user’s laptop',
      },
    ],
    ['isolate ‘web 07’ ok', { verb: 'isolate', machine: 'web 07', isolationType: 'full', reason: 'ok' }],
    [
      'isolate web-07 user\'s "test" box',
      {
        verb: 'isolate',
        machine: 'web-07',
        isolationType: 'full',
        reason: 'user\'s "test" box',
      },
    ],
    [
      'isolate web-07 "C2" seen at 10:00, then "beacon"',
      {
        verb: 'isolate',
        machine: 'web-07',
        isolationType: 'full',
        reason: '"C2" seen at 10:00, then "beacon"',
      },
    ],
    [
      'collect web-07 <script>alert(1)</script>',
      {
        verb: 'collect',
        machine: 'web-07',
        reason: '<script>alert(1)</script>',
      },
    ],
    [
      'isolate web-07 🔥 ransomware 🔥',
      {
        verb: 'isolate',
        machine: 'web-07',
        isolationType: 'full',
        reason: '🔥 ransomware 🔥',
      },
    ],
    ['machine web-07\n', { verb: 'machine', query: 'web-07' }],
    // An empty command (`/defender` alone, a bare @mention) answers with help.
    ['', { verb: 'help' }],
    ['   \n\t ', { verb: 'help' }],
    ['<at>Defbot</at>', { verb: 'help' }],
    ['/defender', { verb: 'help' }],
    ['machine   web    07  ', { verb: 'machine', query: 'web 07' }],
  ];
  it.each(cases)('%j', (text, command) => {
    expect(parseCommand(text)).toEqual({ ok: true, command });
  });
});

const mistakes: [string, ParseErrorCode, string][] = [
  ['x'.repeat(2001), 'TOO_LONG', '2,000'],
  [
    'isolte web-07 x',
    'UNKNOWN_VERB',
    'Unknown command `isolte`. Did you mean `isolate`? Type `help` for the list.',
  ],
  ['frobnicate', 'UNKNOWN_VERB', 'Unknown command `frobnicate`. Type `help` for the list.'],
  ['help frobnicate', 'UNKNOWN_VERB', 'Unknown command `frobnicate`'],
  ['machine', 'MISSING_ARGUMENT', 'Which machine? `machine <name|id|ip>`'],
  ['actions', 'MISSING_ARGUMENT', '`actions <machine>`'],
  ['machine ""', 'MISSING_ARGUMENT', 'Which machine?'],
  ['scan', 'MISSING_ARGUMENT', '`scan <machine> [quick|full] <reason>`'],
  ['isolate', 'MISSING_ARGUMENT', 'Which machine? `isolate <machine> [full|selective] <reason>`'],
  ['isolate web-07', 'MISSING_REASON', 'A reason is required: `isolate <machine> [full|selective] <reason>`'],
  ['isolate web-07 selective', 'MISSING_REASON', 'A reason is required: `isolate'],
  ['isolate web-07 ""', 'MISSING_REASON', 'A reason is required'],
  ['scan web-07 full', 'MISSING_REASON', 'A reason is required: `scan <machine> [quick|full] <reason>`'],
  ['collect web-07', 'MISSING_REASON', 'A reason is required: `collect <machine> <reason>`'],
  ['release web-07', 'MISSING_REASON', '`release <machine> <reason>`'],
  ['restrict web-07  ', 'MISSING_REASON', '`restrict <machine> <reason>`'],
  ['unrestrict web-07', 'MISSING_REASON', '`unrestrict <machine> <reason>`'],
  [
    'alerts critical',
    'INVALID_ARGUMENT',
    'Unknown severity `critical`. Use one of: high, medium, low, informational.',
  ],
  ['subscribe urgent', 'INVALID_ARGUMENT', 'Use one of: high, medium, low, informational.'],
  ['alerts 0h', 'INVALID_ARGUMENT', 'between 1h and 720h'],
  ['alerts 721h', 'INVALID_ARGUMENT', 'between 1h and 720h'],
  ['alerts 99999999999999999999h', 'INVALID_ARGUMENT', 'between 1h and 720h'],
  ['alerts 24', 'INVALID_ARGUMENT', '`alerts 24h`'],
  ['alerts high low', 'EXTRA_ARGUMENT', '`alerts [high|medium|low|informational] [<N>h]`'],
  ['alerts 1h 2h', 'EXTRA_ARGUMENT', 'Usage'],
  ['alerts high 24h extra', 'EXTRA_ARGUMENT', 'Usage'],
  ['alerts 24h extra', 'INVALID_ARGUMENT', 'Unknown severity `extra`'],
  ['status', 'MISSING_ARGUMENT', '`status <actionId>`'],
  ['status 1234', 'INVALID_ARGUMENT', '`1234` is not an action id'],
  ['status 7b2c1f4e-9a3d-4e5f-8a6b-1c2d3e4f5a6', 'INVALID_ARGUMENT', 'is not an action id'],
  ['status 7b2c1f4e-9a3d-4e5f-8a6b-1c2d3e4f5a6b more', 'EXTRA_ARGUMENT', '`status <actionId>`'],
  ['whoami foo', 'EXTRA_ARGUMENT', '`whoami` takes no arguments'],
  ['unsubscribe now', 'EXTRA_ARGUMENT', '`unsubscribe` takes no arguments'],
  ['login please', 'EXTRA_ARGUMENT', '`login` takes no arguments'],
  ['logout x', 'EXTRA_ARGUMENT', '`logout` takes no arguments'],
  ['subscribe high low', 'EXTRA_ARGUMENT', '`subscribe [high|medium|low|informational]`'],
  ['help isolate scan', 'EXTRA_ARGUMENT', 'Usage'],
  ['machine "web-07', 'UNTERMINATED_QUOTE', 'never closed'],
  ['isolate "web-07 ransomware', 'UNTERMINATED_QUOTE', 'never closed'],
  ['isolate web-07 “ransomware', 'UNTERMINATED_QUOTE', 'never closed'],
  ['"isolate web-07 x', 'UNTERMINATED_QUOTE', 'never closed'],
  ['isolate "web"07 x', 'INVALID_ARGUMENT', 'closing quote'],
  ['machine web\u000007', 'INVALID_ARGUMENT', 'control or invisible characters'],
  ['machine web\u200b07', 'INVALID_ARGUMENT', 'control or invisible characters'],
  ['machine \u202Eweb-07', 'INVALID_ARGUMENT', 'control or invisible characters'],
  ['isolate web\u0007 x', 'INVALID_ARGUMENT', 'control or invisible characters'],
  [`machine ${'a'.repeat(256)}`, 'INVALID_ARGUMENT', 'longer than 255 characters'],
  [`isolate ${'a'.repeat(256)} x`, 'INVALID_ARGUMENT', 'longer than 255 characters'],
  ['isolate web-07 bad\u0000thing', 'INVALID_ARGUMENT', 'The reason contains control characters'],
  ['isolate web-07 bad \u202Egnihtemos', 'INVALID_ARGUMENT', 'The reason contains control characters'],
];

describe('parseCommand: mistakes', () => {
  it.each(mistakes)('%j -> %s', (text, code, message) => {
    const result = parseCommand(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    expect(result.error.message).toContain(message);
  });

  it('accepts exactly 2,000 characters and refuses 2,001', () => {
    const reason = 'r'.repeat(2000 - 'collect web-07 '.length);
    expect(parseCommand(`collect web-07 ${reason}`)).toMatchObject({ ok: true, command: { reason } });
    const result = parseCommand(`collect web-07 ${reason}x`);
    expect(result).toMatchObject({ ok: false, error: { code: 'TOO_LONG' } });
  });

  it('accepts a machine of exactly 255 characters', () => {
    const name = 'a'.repeat(255);
    expect(parseCommand(`machine ${name}`)).toEqual({ ok: true, command: { verb: 'machine', query: name } });
  });

  it('keeps a machine name that looks like a type word as the machine', () => {
    expect(parseCommand('isolate full selective x')).toEqual({
      ok: true,
      command: { verb: 'isolate', machine: 'full', isolationType: 'selective', reason: 'x' },
    });
  });
});
