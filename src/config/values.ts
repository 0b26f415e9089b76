// Reusable zod schemas for single environment values. Messages say what is expected and never
// repeat the value, because some of these values are secrets.
import { z } from 'zod';
import { isLoopbackHost } from './net.js';

export const optionalText = z.string().optional();

/** A value without whitespace (ids, tokens). */
export const optionalWord = z.string().regex(/^\S+$/, 'must not contain whitespace').optional();

export function integerBetween(min: number, max: number) {
  const range = `a whole number from ${min} to ${max}`;
  return z
    .string()
    .regex(/^\d+$/, `must be ${range}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `must be ${range}`).max(max, `must be ${range}`));
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, `must be one of ${values.join(', ')}`);
}

export const booleanFlag = z
  .string()
  .transform((v) => v.toLowerCase())
  .pipe(z.enum(['true', 'false', '1', '0'], 'must be true or false'))
  .transform((v) => v === 'true' || v === '1');

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** An https URL, or http when `httpOnLoopback` and the host is loopback. Trailing slashes are removed. */
export function webUrl(options: { httpOnLoopback: boolean }) {
  const expected = options.httpOnLoopback
    ? 'must be an https:// URL (http:// is accepted only for localhost/127.0.0.1/::1)'
    : 'must be an https:// URL';
  return z.string().transform((value, ctx) => {
    const url = parseUrl(value);
    const secure = url?.protocol === 'https:';
    const localHttp = options.httpOnLoopback && url?.protocol === 'http:' && isLoopbackHost(url.hostname);
    if (!url || !(secure || localHttp) || url.username || url.password || url.search || url.hash) {
      ctx.addIssue({ code: 'custom', message: `${expected}, without credentials, query or fragment` });
      return z.NEVER;
    }
    return url.href.replace(/\/+$/, '');
  });
}

export const redisUrl = z.string().refine((value) => {
  const url = parseUrl(value);
  return (
    url !== undefined && (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== ''
  );
}, 'must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379 or rediss://:<password>@<host>:6380; percent-encode "/", "?", "#" and "%" inside the password (e.g. / as %2F)');

/** A listen address: an IP literal or a host name. */
export const hostName = z
  .string()
  .regex(
    /^(?:[A-Za-z0-9.-]+|[0-9A-Fa-f:.]+)$/,
    'must be an IP address or host name, e.g. 0.0.0.0, 127.0.0.1 or ::',
  );

/**
 * BullMQ and key prefix: no whitespace; ':' is fine (BullMQ separates with it), and a Redis Cluster
 * hash tag such as "{defbot}" is allowed as long as its braces pair up around a non-empty name.
 */
export const queuePrefix = z
  .string()
  .max(100, 'must be at most 100 characters')
  .regex(/^\S+$/, 'must not contain whitespace')
  .refine(
    (v) => !/[{}]/.test(v) || /^[^{}]*\{[^{}]+\}[^{}]*$/.test(v),
    'braces must form one Redis Cluster hash tag such as {defbot}',
  );

/** Base64 (standard or url-safe alphabet) of exactly 32 bytes. */
export const encryptionKey = z.string().transform((value, ctx) => {
  const fix = 'generate one with `openssl rand -base64 32`';
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) {
    ctx.addIssue({ code: 'custom', message: `must be base64; ${fix}` });
    return z.NEVER;
  }
  const key = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== 32) {
    ctx.addIssue({
      code: 'custom',
      message: `must decode to exactly 32 bytes (it decodes to ${key.length}); ${fix}`,
    });
    return z.NEVER;
  }
  return key;
});

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** A comma-separated list; blanks between commas are ignored, duplicates dropped, order kept. */
function commaList(
  itemMessage: string,
  isValid: (item: string) => boolean,
  normalize: (item: string) => string,
) {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      const items = value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
      const bad = items.filter((item) => !isValid(item));
      if (bad.length > 0 || items.length === 0) {
        ctx.addIssue({ code: 'custom', message: itemMessage });
        return z.NEVER;
      }
      return [...new Set(items.map(normalize))];
    });
}

/** Entra tenant ids (GUIDs), compared in lower case. */
export const tenantIdList = commaList(
  'must be a comma-separated list of Entra tenant ids (GUIDs such as 72f988bf-86f1-41af-91ab-2d7cd011db47)',
  isGuid,
  (item) => item.toLowerCase(),
);

/** Slack workspace (T…) and Enterprise Grid organisation (E…) ids, as Slack spells them. */
export const slackTeamList = commaList(
  'must be a comma-separated list of Slack team ids (T…) and/or Enterprise Grid ids (E…), e.g. T024BE7LD,E0AKF8ZGP',
  (item) => /^[TE][A-Z0-9]{2,30}$/.test(item),
  (item) => item,
);

/** A bearer token a scraper sends: long enough not to be guessed, without whitespace. */
export const metricsToken = z
  .string()
  .regex(
    /^[\x21-\x7e]{16,512}$/,
    'must be 16 to 512 visible ASCII characters without spaces; generate one with `openssl rand -hex 32`',
  )
  .optional();
