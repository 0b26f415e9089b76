// The audit trail: each event becomes one structured log line and one entry of a capped Redis
// stream (`<prefix>:audit`), so both the log pipeline and `whoami`/tests can read what happened.
// Entries anyone can cause without a role count against a per-person share of that stream; beyond
// it they go to `<prefix>:audit:overflow` (shares.ts), so a denied-command loop cannot trim it.
import type { Redis } from 'ioredis';
import { BotError, type Logger } from '../core/index.js';
import { AuditEventSchema, type AuditEvent } from './event.js';
import { APPEND_WITHIN_SHARE, DEFAULT_PERSON_SHARE, needsNoRole, type PersonShare } from './shares.js';

export const DEFAULT_AUDIT_MAX_LEN = 10_000;
/** The stream field that holds the JSON-encoded event. */
const EVENT_FIELD = 'event';

export interface AuditTrailOptions {
  redis: Redis;
  /** QUEUE_PREFIX; the stream is `<prefix>:audit`. */
  prefix: string;
  logger: Logger;
  /** Approximate cap of the stream (Redis trims whole nodes, so it may hold somewhat more). */
  maxLen?: number;
  /** Approximate cap of the overflow stream; defaults to `maxLen`. */
  overflowMaxLen?: number;
  /** Role-free entries one person may put into the main stream per window. */
  personShare?: PersonShare;
}

export interface AuditTrail {
  readonly streamKey: string;
  /** Where role-free entries beyond a person's share go (`<prefix>:audit:overflow`). */
  readonly overflowKey: string;
  /**
   * Logs the event, then appends it to the stream. The log line is written even when Redis fails;
   * the failure is then thrown (BotError UNAVAILABLE) so the caller decides whether to go on.
   * A malformed event (e.g. `at` not ISO 8601) is logged too, then refused (BotError INTERNAL).
   */
  record(event: AuditEvent): Promise<void>;
  /** The newest `count` events, newest first; entries that no longer fit the schema are skipped. */
  readRecent(count: number): Promise<AuditEvent[]>;
}

export function createAuditTrail(options: AuditTrailOptions): AuditTrail {
  const maxLen = options.maxLen ?? DEFAULT_AUDIT_MAX_LEN;
  const overflowMaxLen = options.overflowMaxLen ?? maxLen;
  for (const [name, value] of [
    ['maxLen', maxLen],
    ['overflowMaxLen', overflowMaxLen],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(`Audit trail ${name} must be a positive integer, got ${String(value)}.`);
    }
  }
  const share = options.personShare ?? DEFAULT_PERSON_SHARE;
  if (
    !Number.isInteger(share.entries) ||
    share.entries < 0 ||
    !Number.isInteger(share.windowMs) ||
    share.windowMs < 1
  ) {
    throw new Error(
      'Audit trail personShare needs a whole number of entries (0 or more) and a positive windowMs.',
    );
  }
  const { redis } = options;
  const streamKey = `${options.prefix}:audit`;
  const overflowKey = `${streamKey}:overflow`;
  const shareKey = (event: AuditEvent) => `${streamKey}:share:${event.platform}:${event.actorId}`;
  // Audit lines are kept at info even when LOG_LEVEL is quieter: they are the record, not chatter.
  const log =
    options.logger.level === 'silent' ? options.logger : options.logger.child({}, { level: 'info' });

  /** Appends a role-free entry within its author's share, else to the overflow stream. */
  async function appendShared(event: AuditEvent, json: string): Promise<void> {
    const placed = (await redis.eval(
      APPEND_WITHIN_SHARE,
      3,
      shareKey(event),
      streamKey,
      overflowKey,
      share.entries,
      share.windowMs,
      maxLen,
      overflowMaxLen,
      json,
    )) as number;
    if (placed === 0) {
      log.warn(
        { platform: event.platform, actorId: event.actorId, overflowKey },
        'this person caused more role-free audit entries than their share; the rest of this window goes to the overflow stream (and the log)',
      );
    }
  }

  return {
    streamKey,
    overflowKey,
    async record(event) {
      log.info({ audit: true, ...event }, `audit ${event.type}`);
      const checked = AuditEventSchema.safeParse(event);
      if (!checked.success) {
        throw new BotError('INTERNAL', 'The audit event was malformed.', { cause: checked.error });
      }
      const json = JSON.stringify(event);
      try {
        if (needsNoRole(event)) await appendShared(event, json);
        else await redis.xadd(streamKey, 'MAXLEN', '~', maxLen, '*', EVENT_FIELD, json);
      } catch (cause) {
        throw unavailable('written', cause);
      }
    },
    async readRecent(count) {
      if (!Number.isInteger(count) || count < 1) return [];
      let entries: [id: string, fields: string[]][];
      try {
        entries = await redis.xrevrange(streamKey, '+', '-', 'COUNT', count);
      } catch (cause) {
        throw unavailable('read', cause);
      }
      return entries.flatMap(([, fields]) => {
        const parsed = AuditEventSchema.safeParse(parseJson(fieldValue(fields, EVENT_FIELD)));
        return parsed.success ? [parsed.data] : [];
      });
    },
  };
}

function unavailable(what: 'written' | 'read', cause: unknown): BotError {
  return new BotError('UNAVAILABLE', `The audit trail could not be ${what}; Redis did not answer.`, {
    cause,
  });
}

/** Stream entries are flat [field, value, field, value…] lists. */
function fieldValue(fields: readonly string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
