// What each subscription has been told about each alert (`<prefix>:alerts:sent:<subKey>`, a hash
// alertId -> record), so an alert is announced once per channel across restarts and overlapping
// polls, and its card can be updated in place later. Entries older than the retention are pruned.
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { MessageRef } from '../../core/interaction.js';
import { alertKeys } from './keys.js';

export const SENT_RETENTION_MS = 30 * 24 * 3600 * 1000;

/** What the card shows; a change of either is worth an update. */
export interface ShownState {
  status: string;
  assignedTo: string | null;
}

export interface SentRecord extends ShownState {
  /** queued: handed to the notify queue; posted: its card exists at `ref`; digest: counted in a digest card. */
  state: 'queued' | 'posted' | 'digest';
  at: string;
  ref?: MessageRef;
}

const refSchema = z.object({
  conversation: z.looseObject({ platform: z.enum(['slack', 'teams']), id: z.string().min(1) }),
  messageId: z.string().min(1),
});

const recordSchema = z.object({
  state: z.enum(['queued', 'posted', 'digest']),
  status: z.string(),
  assignedTo: z.string().nullable(),
  at: z.string(),
  ref: refSchema.optional(),
});

function parseRecord(raw: string | null): SentRecord | undefined {
  if (!raw) return undefined;
  try {
    const parsed = recordSchema.safeParse(JSON.parse(raw));
    return parsed.success ? (parsed.data as SentRecord) : undefined;
  } catch {
    return undefined;
  }
}

export interface SentStore {
  read(subKey: string, alertIds: readonly string[]): Promise<Map<string, SentRecord>>;
  /**
   * Records announcements. `ifAbsent` keeps an existing entry: the notify worker may already have
   * attached the posted card (its `attach`) before the poll gets here.
   */
  write(
    subKey: string,
    records: ReadonlyMap<string, SentRecord>,
    mode: 'ifAbsent' | 'replace',
  ): Promise<void>;
  /** The notify worker's continuation: the card for `alertId` now lives at `ref`. */
  attach(subKey: string, alertId: string, ref: MessageRef, shown: ShownState): Promise<void>;
  /** Drops entries past the retention, at most once a day per subscription. */
  prune(subKey: string, now: number): Promise<number>;
}

export function createSentStore(redis: Redis, prefix: string): SentStore {
  const keys = alertKeys(prefix);
  const ttlSeconds = Math.ceil(SENT_RETENTION_MS / 1000);
  return {
    async read(subKey, alertIds) {
      const found = new Map<string, SentRecord>();
      if (alertIds.length === 0) return found;
      const raws = await redis.hmget(keys.sent(subKey), ...alertIds);
      alertIds.forEach((id, i) => {
        const record = parseRecord(raws[i] ?? null);
        if (record) found.set(id, record);
      });
      return found;
    },
    async write(subKey, records, mode) {
      if (records.size === 0) return;
      const key = keys.sent(subKey);
      const batch = redis.multi();
      for (const [id, record] of records) {
        if (mode === 'ifAbsent') batch.hsetnx(key, id, JSON.stringify(record));
        else batch.hset(key, id, JSON.stringify(record));
      }
      await batch.expire(key, ttlSeconds).exec();
    },
    async attach(subKey, alertId, ref, shown) {
      const record: SentRecord = { state: 'posted', ...shown, at: new Date().toISOString(), ref };
      await redis
        .multi()
        .hset(keys.sent(subKey), alertId, JSON.stringify(record))
        .expire(keys.sent(subKey), ttlSeconds)
        .exec();
    },
    async prune(subKey, now) {
      const claimed = await redis.set(keys.pruned(subKey), '1', 'EX', 24 * 3600, 'NX');
      if (claimed !== 'OK') return 0;
      const stale: string[] = [];
      let cursor = '0';
      do {
        const [next, entries] = await redis.hscan(keys.sent(subKey), cursor, 'COUNT', 500);
        cursor = next;
        for (let i = 0; i < entries.length; i += 2) {
          const record = parseRecord(entries[i + 1] ?? null);
          if (!record || now - Date.parse(record.at) > SENT_RETENTION_MS) stale.push(entries[i]!);
        }
      } while (cursor !== '0');
      if (stale.length > 0) await redis.hdel(keys.sent(subKey), ...stale);
      return stale.length;
    },
  };
}

/** What the "Request isolation" button's opaque id (the alert id) stands for, server-side. */
export interface AlertInfo {
  alertId: string;
  machineId: string;
  machineName: string;
  title: string;
}

const infoSchema = z.object({
  alertId: z.string().min(1),
  machineId: z.string().min(1),
  machineName: z.string().min(1),
  title: z.string().min(1),
});

export function createAlertInfoStore(redis: Redis, prefix: string) {
  const keys = alertKeys(prefix);
  return {
    async put(info: AlertInfo): Promise<void> {
      await redis.set(keys.info(info.alertId), JSON.stringify(info), 'PX', SENT_RETENTION_MS);
    },
    async get(alertId: string): Promise<AlertInfo | undefined> {
      if (!/^[A-Za-z0-9_-]{1,200}$/.test(alertId)) return undefined;
      const raw = await redis.get(keys.info(alertId));
      if (!raw) return undefined;
      try {
        const parsed = infoSchema.safeParse(JSON.parse(raw));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
export type AlertInfoStore = ReturnType<typeof createAlertInfoStore>;
