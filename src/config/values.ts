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
