// Teams has no file upload for bots in channels, so a hunt's CSV waits in Redis behind a link: signed
// (HMAC over its id, expiry and owner), expiring, and bound to the person who asked. The download
// route checks the signature and expiry, then has the opener sign in with Entra ID and serves the
// file only to that same Entra account.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';
import { systemClock, type Clock } from '../core/clock.js';

export const HUNT_CSV_PATH = '/hunts/csv';
export const HUNT_CSV_TTL_MS = 60 * 60_000;

export interface HuntCsvRecord {
  filename: string;
  content: string;
  /** The Entra object id of the person who asked; only they may download it. */
  ownerAad: string;
  expiresAt: number;
}

export interface HuntCsvLinks {
  put(
    file: { filename: string; content: string },
    ownerAad: string,
  ): Promise<{ url: string; expiresAt: string }>;
  /** The record behind a link, if the link is genuine; `expired` when its time has passed. */
  open(id: string, exp: string, sig: string): Promise<HuntCsvRecord | 'expired' | undefined>;
}

export function createHuntCsvLinks(options: {
  redis: Redis;
  prefix: string;
  publicUrl: string;
  clock?: Clock;
  ttlMs?: number;
}): HuntCsvLinks {
  const { redis, prefix } = options;
  const clock = options.clock ?? systemClock;
  const ttlMs = options.ttlMs ?? HUNT_CSV_TTL_MS;
  const base = options.publicUrl.replace(/\/+$/, '');
  const keyOf = (id: string) => `${prefix}:hunt-csv:${id}`;
  let secret: Promise<Buffer> | undefined;

  /** One signing key for every process, made once and kept in Redis. */
  const signingKey = () =>
    (secret ??= (async () => {
      const key = `${prefix}:hunt-csv:signing-key`;
      await redis.set(key, randomBytes(32).toString('base64'), 'NX');
      const value = await redis.get(key);
      if (!value) throw new Error('the CSV link signing key could not be read from Redis');
      return Buffer.from(value, 'base64');
    })());

  const sign = async (id: string, exp: number, ownerAad: string) =>
    createHmac('sha256', await signingKey())
      .update(`${id}.${exp}.${ownerAad}`)
      .digest('base64url');

  return {
    async put(file, ownerAad) {
      const id = randomBytes(16).toString('base64url');
      const expiresAt = clock.now() + ttlMs;
      const record: HuntCsvRecord = { ...file, ownerAad, expiresAt };
      await redis.set(keyOf(id), JSON.stringify(record), 'PX', ttlMs + 60_000);
      const sig = await sign(id, expiresAt, ownerAad);
      return {
        url: `${base}${HUNT_CSV_PATH}/${id}?exp=${expiresAt}&sig=${sig}`,
        expiresAt: new Date(expiresAt).toISOString(),
      };
    },
    async open(id, exp, sig) {
      if (!/^[A-Za-z0-9_-]{22}$/.test(id) || !/^\d{1,15}$/.test(exp)) return undefined;
      const raw = await redis.get(keyOf(id));
      if (!raw) return Number(exp) < clock.now() ? 'expired' : undefined;
      const record = JSON.parse(raw) as HuntCsvRecord;
      const expected = Buffer.from(await sign(id, record.expiresAt, record.ownerAad));
      const given = Buffer.from(sig);
      if (
        Number(exp) !== record.expiresAt ||
        given.length !== expected.length ||
        !timingSafeEqual(given, expected)
      )
        return undefined;
      return record.expiresAt < clock.now() ? 'expired' : record;
    },
  };
}
