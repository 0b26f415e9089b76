// Indicator values (`block`, `unblock`, `indicators`, RBAC `neverBlock`): what kind a typed value is,
// checked strictly (MDE refuses anything else, and a loose guess could block the wrong thing), the
// form MDE is sent, and the guard rails `block` applies before anyone is asked to approve.
import { BlockList, isIP } from 'node:net';
import { domainToASCII } from 'node:url';

export const INDICATOR_KINDS = ['sha1', 'sha256', 'md5', 'ipv4', 'ipv6', 'domain', 'url'] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

/** A checked value in the form MDE is sent (hashes and domains lower case, IPv6 with all 8 groups). */
export interface IndicatorValue {
  readonly kind: IndicatorKind;
  readonly value: string;
}

export type ValueCheck = { ok: true; indicator: IndicatorValue } | { ok: false; problem: string };

/** The kinds in words, for cards and refusals. */
export const INDICATOR_KIND_NAMES: Readonly<Record<IndicatorKind, string>> = {
  sha1: 'SHA-1 file hash',
  sha256: 'SHA-256 file hash',
  md5: 'MD5 file hash',
  ipv4: 'IPv4 address',
  ipv6: 'IPv6 address',
  domain: 'domain',
  url: 'URL',
};

/** What `block` accepts, named in every refusal of a malformed value. */
export const EXPECTED_INDICATOR_FORMATS =
  'a SHA-1 (40 hex digits), SHA-256 (64) or MD5 (32) file hash, an IPv4 or IPv6 address, a domain such as evil.example, or an http:// or https:// URL';

/** Longer URLs are not worth an indicator (and browsers cap them near here). */
export const MAX_INDICATOR_LENGTH = 2048;
const HASH_KINDS: Readonly<Record<number, IndicatorKind>> = { 32: 'md5', 40: 'sha1', 64: 'sha256' };
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

const refuse = (problem: string): ValueCheck => ({ ok: false, problem });
const expected = (what: string): ValueCheck => refuse(`${what} Expected ${EXPECTED_INDICATOR_FORMATS}.`);

/**
 * The kind of `raw` and its MDE form. Strict: hashes are hex of exactly 32, 40 or 64 digits; IPv4 is a
 * dotted quad without leading zeros; IPv6 may be typed compressed but is sent with all 8 groups (MDE
 * wants them); a domain has at least two labels of letters, digits and inner hyphens (Unicode names
 * become punycode); a URL is http or https with a valid host and no user name or password.
 */
export function checkIndicatorValue(raw: string): ValueCheck {
  const value = raw.trim();
  // At most 40 characters of what was typed are echoed back.
  const shown = value.length > 40 ? `${value.slice(0, 39)}…` : value;
  if (value === '') return expected('Which value?');
  if (value.length > MAX_INDICATOR_LENGTH)
    return refuse(`That value is longer than ${MAX_INDICATOR_LENGTH} characters.`);
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(value))
    return expected(`\`${shown}\` contains spaces or control characters.`);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return checkUrl(value, shown);
  if (/^[0-9a-f]+$/i.test(value) && value.length >= 32) {
    const kind = HASH_KINDS[value.length];
    if (kind) return { ok: true, indicator: { kind, value: value.toLowerCase() } };
    return expected(`\`${shown}\` has ${value.length} hex digits, which is no MD5, SHA-1 or SHA-256 hash.`);
  }
  if (value.includes('/')) {
    const [address] = value.split('/');
    if (address !== undefined && isIP(address) !== 0)
      return refuse(`\`${shown}\` is a range: MDE indicators take single addresses, not CIDR ranges.`);
    return expected(`\`${shown}\` looks like a URL without its scheme; write it with http:// or https://.`);
  }
  const ip = checkIp(value);
  if (ip) return { ok: true, indicator: ip };
  const domain = asciiDomain(value);
  if (domain !== undefined) return { ok: true, indicator: { kind: 'domain', value: domain } };
  return expected(`\`${shown}\` is not a file hash, IP address, domain or URL.`);
}

function checkIp(value: string): IndicatorValue | undefined {
  if (value.includes('%')) return undefined; // zone ids name an interface, not an address
  const family = isIP(value);
  if (family === 4) return { kind: 'ipv4', value };
  if (family === 6) return { kind: 'ipv6', value: expandIpv6(value) };
  return undefined;
}

/** The lower-case ASCII form of a domain, or undefined when it is not a valid host name. */
export function asciiDomain(text: string): string | undefined {
  const name = text.toLowerCase().replace(/\.$/, '');
  if (name === '' || name.length > 253 || isIP(name) !== 0) return undefined;
  const ascii = domainToASCII(name);
  if (ascii === '' || ascii.length > 253) return undefined;
  const labels = ascii.split('.');
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) return undefined;
  return TLD.test(labels[labels.length - 1]!) ? ascii : undefined;
}

function checkUrl(value: string, shown: string): ValueCheck {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return expected(`\`${shown}\` is not a valid URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return expected(`\`${shown}\` is not an http:// or https:// URL.`);
  if (url.username !== '' || url.password !== '')
    return refuse(`\`${shown}\` carries a user name or password; block the URL without them.`);
  if (urlHost(url) === undefined) return expected(`\`${shown}\` has no valid host.`);
  return { ok: true, indicator: { kind: 'url', value } };
}

/** A URL's host as an IndicatorValue (domain or address), or undefined when it is not a valid one. */
function urlHost(url: URL): IndicatorValue | undefined {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return checkIp(host) ?? (asciiDomain(host) === undefined ? undefined : { kind: 'domain', value: host });
}

/** The host an indicator acts on: the address or domain itself, or a URL's host. Hashes have none. */
export function hostOf(indicator: IndicatorValue): IndicatorValue | undefined {
  if (indicator.kind === 'url') return urlHost(new URL(indicator.value));
  if (indicator.kind === 'domain' || indicator.kind === 'ipv4' || indicator.kind === 'ipv6') return indicator;
  return undefined;
}

/** `2001:db8::1` -> `2001:db8:0:0:0:0:0:1`; an embedded IPv4 tail becomes its two groups. */
export function expandIpv6(address: string): string {
  let text = address.toLowerCase();
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => parseInt(group, 16).toString(16)).join(':');
}

// ---- neverBlock entries ------------------------------------------------------------------------

export type NeverBlockEntry =
  | { readonly kind: 'domain'; readonly entry: string; readonly domain: string }
  | {
      readonly kind: 'address';
      readonly entry: string;
      readonly family: 'ipv4' | 'ipv6';
      readonly address: string;
      readonly prefix: number;
    }
  | { readonly kind: 'hash'; readonly entry: string; readonly hash: string };

export type EntryCheck = { ok: true; entry: NeverBlockEntry } | { ok: false; problem: string };

/**
 * One RBAC `neverBlock` entry: a domain (its subdomains included), an IPv4 or IPv6 address or CIDR
 * range, or an MD5 / SHA-1 / SHA-256 hash. Anything else is a start-up error naming it.
 */
export function parseNeverBlockEntry(raw: string): EntryCheck {
  const entry = raw.trim();
  const bad = (why: string): EntryCheck => ({ ok: false, problem: `"${raw}" ${why}` });
  if (entry.startsWith('*.')) return bad('is a wildcard — write the domain alone; it covers its subdomains');
  if (/^[0-9a-f]+$/i.test(entry) && HASH_KINDS[entry.length] !== undefined)
    return { ok: true, entry: { kind: 'hash', entry, hash: entry.toLowerCase() } };
  const slash = entry.indexOf('/');
  const address = slash < 0 ? entry : entry.slice(0, slash);
  const family = isIP(address);
  if (family !== 0) {
    const max = family === 4 ? 32 : 128;
    const prefixText = slash < 0 ? String(max) : entry.slice(slash + 1);
    const prefix = Number(prefixText);
    if (!/^\d{1,3}$/.test(prefixText) || prefix > max)
      return bad(`has an invalid prefix length — use /0 to /${max}`);
    return {
      ok: true,
      entry: { kind: 'address', entry, family: family === 4 ? 'ipv4' : 'ipv6', address, prefix },
    };
  }
  const domain = asciiDomain(entry);
  if (domain !== undefined) return { ok: true, entry: { kind: 'domain', entry, domain } };
  return bad('is not a domain, IP address, CIDR range or MD5/SHA-1/SHA-256 hash');
}

const covers = (parent: string, name: string): boolean => name === parent || name.endsWith(`.${parent}`);

function inRange(entry: Extract<NeverBlockEntry, { kind: 'address' }>, host: IndicatorValue): boolean {
  if (host.kind !== 'ipv4' && host.kind !== 'ipv6') return false;
  const list = new BlockList();
  list.addSubnet(entry.address, entry.prefix, entry.family);
  return list.check(host.value, host.kind);
}

/**
 * The `neverBlock` entry `indicator` would hit, if any. A domain indicator also blocks its subdomains,
 * so it hits an entry that is its subdomain too (blocking contoso.com would block www.contoso.com);
 * a URL hits the entries covering its host.
 */
export function neverBlockHit(
  indicator: IndicatorValue,
  entries: readonly NeverBlockEntry[],
): NeverBlockEntry | undefined {
  const host = hostOf(indicator);
  return entries.find((entry) => {
    switch (entry.kind) {
      case 'hash':
        return entry.hash === indicator.value.toLowerCase();
      case 'address':
        return host !== undefined && inRange(entry, host);
      case 'domain':
        if (host?.kind !== 'domain') return false;
        return (
          covers(entry.domain, host.value) ||
          (indicator.kind === 'domain' && covers(host.value, entry.domain))
        );
    }
  });
}

// ---- refused by default ------------------------------------------------------------------------

/** Private, loopback, link-local, shared, multicast and reserved space: MDE indicators take external addresses only. */
const NON_PUBLIC = (() => {
  const list = new BlockList();
  const v4: [string, number][] = [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
  ];
  const v6: [string, number][] = [
    ['::', 127], // unspecified and loopback
    ['fc00::', 7],
    ['fe80::', 10],
    ['ff00::', 8],
  ];
  for (const [address, prefix] of v4) list.addSubnet(address, prefix, 'ipv4');
  for (const [address, prefix] of v6) list.addSubnet(address, prefix, 'ipv6');
  return list;
})();

/**
 * Why `block` refuses `indicator` whatever the RBAC file says, or undefined: a non-public address,
 * or a value that would cut the bot off from a service it uses (`upstreamHosts`, lower case; a domain
 * indicator covers its subdomains, so blocking microsoftonline.com would block the Entra sign-in host).
 */
export function refusedByDefault(
  indicator: IndicatorValue,
  upstreamHosts: readonly string[],
): string | undefined {
  const host = hostOf(indicator);
  if (host === undefined) return undefined;
  if ((host.kind === 'ipv4' || host.kind === 'ipv6') && NON_PUBLIC.check(host.value, host.kind))
    return `${host.value} is a private, loopback, link-local or otherwise non-public address; Defender indicators are for external addresses`;
  const name = host.kind === 'ipv6' ? host.value : host.value.toLowerCase();
  const upstream = upstreamHosts.find((candidate) => {
    const other = checkIp(candidate);
    if (other) return host.kind === other.kind && other.value === name;
    return (
      host.kind === 'domain' && (indicator.kind === 'domain' ? covers(name, candidate) : name === candidate)
    );
  });
  return upstream === undefined
    ? undefined
    : `blocking ${indicator.value} would cut the bot off from ${upstream}, a service it uses`;
}

/** What `block` needs from the configuration: the RBAC guard rails and expiry, and the bot's own services. */
export interface IndicatorSettings {
  readonly neverBlock: readonly NeverBlockEntry[];
  /** A `block`'s expiry in days unless it says `for <N>d`. */
  readonly expireDays: number;
  /** Lower-case host names (or addresses) of the services the bot calls; never blocked. */
  readonly upstreamHosts: readonly string[];
}
