// The indicator value rules: each kind detected and normalised, malformed values refused naming the
// expected formats, neverBlock entries parsed and matched, and the default refusals.
import { describe, expect, it } from 'vitest';
import {
  EXPECTED_INDICATOR_FORMATS,
  checkIndicatorValue,
  expandIpv6,
  neverBlockHit,
  parseNeverBlockEntry,
  refusedByDefault,
  type IndicatorValue,
  type NeverBlockEntry,
} from '../../src/core/indicators.js';

const SHA256 = 'a'.repeat(64);
const ok = (raw: string): IndicatorValue => {
  const check = checkIndicatorValue(raw);
  if (!check.ok) throw new Error(check.problem);
  return check.indicator;
};
const problem = (raw: string): string => {
  const check = checkIndicatorValue(raw);
  if (check.ok) throw new Error(`${raw} was accepted as ${check.indicator.kind}`);
  return check.problem;
};
const entries = (...raw: string[]): NeverBlockEntry[] =>
  raw.map((text) => {
    const parsed = parseNeverBlockEntry(text);
    if (!parsed.ok) throw new Error(parsed.problem);
    return parsed.entry;
  });

describe('checkIndicatorValue', () => {
  it.each([
    ['D41D8CD98F00B204E9800998ECF8427E', 'md5', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['da39a3ee5e6b4b0d3255bfef95601890afd80709', 'sha1', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
    [SHA256, 'sha256', SHA256],
    ['203.0.113.7', 'ipv4', '203.0.113.7'],
    ['2001:db8::1', 'ipv6', '2001:db8:0:0:0:0:0:1'],
    ['Evil.Example.', 'domain', 'evil.example'],
    ['bücher.example', 'domain', 'xn--bcher-kva.example'],
    ['xn--bcher-kva.example', 'domain', 'xn--bcher-kva.example'],
    ['https://evil.example/payload?x=1', 'url', 'https://evil.example/payload?x=1'],
    ['http://[2001:db8::5]/a', 'url', 'http://[2001:db8::5]/a'],
  ])('%s is a %s sent as %s', (raw, kind, value) => {
    expect(ok(raw)).toEqual({ kind, value });
  });

  it.each([
    ['a'.repeat(33), /33 hex digits/],
    ['deadbeef', /not a file hash, IP address, domain or URL/],
    ['01.2.3.4', /not a file hash/],
    ['1.2.3', /not a file hash/],
    ['localhost', /not a file hash/],
    ['-bad.example', /not a file hash/],
    ['evil_site.example', /not a file hash/],
    ['evil.example:8080', /not a file hash/],
    ['fe80::1%eth0', /not a file hash/],
    ['ftp://evil.example/x', /not an http/],
    ['evil.example/path', /without its scheme/],
    ['https://user:pw@evil.example/', /user name or password/],
    ['https://-x.example/', /no valid host/],
  ])('refuses %s', (raw, why) => {
    const text = problem(raw);
    expect(text).toMatch(why);
  });

  it('names the expected formats when it cannot tell what a value is', () => {
    expect(problem('not a value at all?')).toContain(EXPECTED_INDICATOR_FORMATS);
    expect(problem('zzz')).toContain(EXPECTED_INDICATOR_FORMATS);
    expect(EXPECTED_INDICATOR_FORMATS).toMatch(/SHA-1.*SHA-256.*MD5.*IPv4.*IPv6.*domain.*URL/);
  });

  it('refuses CIDR ranges: MDE takes single addresses', () => {
    expect(problem('203.0.113.0/24')).toMatch(/not CIDR ranges/);
  });
});

describe('expandIpv6', () => {
  it.each([
    ['::1', '0:0:0:0:0:0:0:1'],
    ['2001:DB8:0:0:1::', '2001:db8:0:0:1:0:0:0'],
    ['::ffff:192.0.2.1', '0:0:0:0:0:ffff:c000:201'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8:0:0:0:0:0:1'],
  ])('%s -> %s', (input, expected) => expect(expandIpv6(input)).toBe(expected));
});

describe('neverBlock', () => {
  const list = entries('contoso.com', '10.0.0.0/8', '198.51.100.7', '2001:db8:aa::/48', SHA256.toUpperCase());

  it.each([
    ['contoso.com', 'contoso.com'],
    ['mail.contoso.com', 'contoso.com'],
    ['https://portal.contoso.com/login', 'contoso.com'],
    ['10.20.30.40', '10.0.0.0/8'],
    ['198.51.100.7', '198.51.100.7'],
    ['2001:db8:aa:1::9', '2001:db8:aa::/48'],
    [SHA256, SHA256.toUpperCase()],
  ])('%s hits %s', (raw, entry) => {
    expect(neverBlockHit(ok(raw), list)?.entry).toBe(entry);
  });

  it('a domain that would cover a protected subdomain hits it too', () => {
    expect(neverBlockHit(ok('example.org'), entries('www.example.org'))?.entry).toBe('www.example.org');
    expect(neverBlockHit(ok('https://example.org/x'), entries('www.example.org'))).toBeUndefined();
  });

  it.each(['notcontoso.com', '11.0.0.1', '198.51.100.8', '2001:db8:ab::1', 'b'.repeat(64)])(
    '%s hits nothing',
    (raw) => expect(neverBlockHit(ok(raw), list)).toBeUndefined(),
  );

  it.each([
    ['*.contoso.com', /wildcard/],
    ['10.0.0.0/33', /prefix length/],
    ['not a thing', /is not a domain, IP address, CIDR range/],
    ['https://x.example/', /is not a domain/],
  ])('refuses the entry %s', (raw, why) => {
    const parsed = parseNeverBlockEntry(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toMatch(why);
  });
});

describe('refusedByDefault', () => {
  const upstream = [
    'api.security.microsoft.com',
    'login.microsoftonline.com',
    'smba.trafficmanager.net',
    '127.0.0.1',
  ];

  it.each([
    '10.1.2.3',
    '192.168.0.1',
    '172.16.5.5',
    '127.0.0.1',
    '169.254.1.1',
    '::1',
    'fe80::1',
    'fd00::1',
    '::ffff:10.0.0.1',
    'http://192.168.1.1/x',
  ])('%s is not public', (raw) => expect(refusedByDefault(ok(raw), upstream)).toMatch(/non-public/));

  it.each([
    ['microsoftonline.com', 'login.microsoftonline.com'],
    ['login.microsoftonline.com', 'login.microsoftonline.com'],
    ['security.microsoft.com', 'api.security.microsoft.com'],
    ['https://login.microsoftonline.com/common', 'login.microsoftonline.com'],
    ['trafficmanager.net', 'smba.trafficmanager.net'],
  ])('%s would cut the bot off from %s', (raw, host) => {
    expect(refusedByDefault(ok(raw), upstream)).toContain(host);
  });

  it.each([
    'evil.example',
    '203.0.113.9',
    '2001:db8::1',
    SHA256,
    'https://evil.example/x',
    'microsoft.com.evil.example',
  ])('%s is allowed', (raw) => expect(refusedByDefault(ok(raw), upstream)).toBeUndefined());
});
