// Who a Teams user is beyond the activity: the email and UPN the Bot Connector member API gives
// (TeamsInfo.getMember), cached in Redis for an hour and bounded by its own timeout so an invoke still
// answers well within Teams' limit when the connector is slow. A failed lookup is reported, not thrown:
// the core decides what an actor without a known email may do.
import { createHash } from 'node:crypto';
import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../../core/index.js';
import type { Metrics } from '../../metrics/index.js';
import { describeError } from './errors.js';

export const DEFAULT_MEMBER_LOOKUP_TIMEOUT_MS = 1_500;
const CACHE_TTL_SECONDS = 3_600;

/** A directory value we keep: a non-empty string of sane length, anything else reads as absent. */
const directoryField = z.string().trim().min(1).max(320).optional().catch(undefined);

/** What the bot keeps of a TeamsChannelAccount; also the cached form ("no email" is cached too). */
const memberSchema = z.object({
  email: directoryField,
  userPrincipalName: directoryField,
  aadObjectId: directoryField,
});
export type MemberIdentity = z.infer<typeof memberSchema>;

/** The member's identity, or 'unavailable' when neither the cache nor the connector answered in time. */
export type MemberLookup = (
  context: TurnContext,
  tenantId: string,
  userId: string,
) => Promise<MemberIdentity | 'unavailable'>;

export interface MemberLookupOptions {
  redis: Redis;
  prefix: string;
  /** Budget for cache read + connector call together. */
  timeoutMs: number;
  logger: Logger;
  lookups: Pick<Metrics['identityLookupsTotal'], 'inc'>;
}

/** `${prefix}:teams:member:<tenant>:<sha256(from.id)>`: hashed, so the key holds no raw user id. */
export function memberKey(prefix: string, tenantId: string, userId: string): string {
  return `${prefix}:teams:member:${tenantId}:${createHash('sha256').update(userId, 'utf8').digest('hex')}`;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  // race() also handles a rejection of `work` that arrives after the timeout.
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function parseCached(raw: string | null): MemberIdentity | undefined {
  if (raw === null) return undefined;
  try {
    const parsed = memberSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function createMemberLookup(options: MemberLookupOptions): MemberLookup {
  const { redis, logger } = options;
  const count = (outcome: 'cached' | 'fetched' | 'failed') =>
    options.lookups.inc({ platform: 'teams', outcome });

  async function cached(key: string): Promise<MemberIdentity | undefined> {
    try {
      return parseCached(await redis.get(key));
    } catch (error) {
      // A cache we cannot read is a miss; the connector still knows.
      logger.warn({ error: describeError(error) }, 'could not read the cached teams member');
      return undefined;
    }
  }

  async function remember(key: string, member: MemberIdentity): Promise<void> {
    try {
      await redis.set(key, JSON.stringify(member), 'EX', CACHE_TTL_SECONDS);
    } catch (error) {
      logger.warn({ error: describeError(error) }, 'could not cache the teams member');
    }
  }

  async function resolve(
    context: TurnContext,
    key: string,
    userId: string,
  ): Promise<{ member: MemberIdentity; fromCache: boolean }> {
    const hit = await cached(key);
    if (hit) return { member: hit, fromCache: true };
    const parsed = memberSchema.safeParse(await TeamsInfo.getMember(context, userId));
    if (!parsed.success) throw new Error('the member API answered without a member');
    return { member: parsed.data, fromCache: false };
  }

  return async (context, tenantId, userId) => {
    const key = memberKey(options.prefix, tenantId, userId);
    try {
      const { member, fromCache } = await withTimeout(resolve(context, key, userId), options.timeoutMs);
      count(fromCache ? 'cached' : 'fetched');
      if (!fromCache) await remember(key, member);
      return member;
    } catch (error) {
      count('failed');
      logger.warn(
        { error: describeError(error) },
        'teams member lookup failed; carrying on without the directory',
      );
      return 'unavailable';
    }
  };
}
