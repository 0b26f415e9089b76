// A Slack user's verified profile email from users.info (the app asks users:read.email for exactly
// this), cached in Redis and bounded by its own timeout so a slow Slack never costs the 3 s ack.
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { systemClock, type Clock, type Logger } from '../../core/index.js';
import type { SlackWebClient } from './web-client.js';

/** Long enough to spare Slack's rate limits (users.info is Tier 4), short enough to follow a changed profile. */
const CACHE_TTL_SECONDS = 3_600;
/** Well inside Slack's 3 s ack, leaving the handler most of it. */
const DEFAULT_TIMEOUT_MS = 1_000;
/**
 * A busy user's next commands are answered from this process's memory for a minute, sparing the ack
 * a Redis round trip; Redis stays the cache every process shares.
 */
const MEMORY_TTL_MS = 60_000;
const MEMORY_MAX_USERS = 10_000;

export type DirectoryOutcome = 'cached' | 'fetched' | 'failed';

/** ok: Slack answered (the email may still be absent); not ok: Slack or the cache could not be asked in time. */
export type DirectoryAnswer = { ok: true; email: string | undefined } | { ok: false };

export interface SlackDirectory {
  /** Never rejects. */
  lookup(userId: string): Promise<DirectoryAnswer>;
}

export interface SlackDirectoryOptions {
  client: Pick<SlackWebClient, 'users'>;
  redis: Pick<Redis, 'get' | 'set'>;
  /** Key prefix (QUEUE_PREFIX); entries live at `${prefix}:slack:email:<user id>`. */
  prefix: string;
  logger: Logger;
  timeoutMs?: number;
  onLookup?: (outcome: DirectoryOutcome) => void;
  /** Epoch ms, for the in-memory entries. */
  clock?: Clock;
}

const usersInfo = z
  .object({ user: z.object({ profile: z.object({ email: z.string().optional() }).loose() }).loose() })
  .loose();
const cacheEntry = z.object({ email: z.string().optional() });

export function createSlackDirectory(options: SlackDirectoryOptions): SlackDirectory {
  const { client, redis, prefix, onLookup } = options;
  const logger = options.logger.child({ component: 'slack-directory' });
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Concurrent first requests of one user share a users.info call.
  const fetching = new Map<string, Promise<string | undefined>>();
  const keyOf = (userId: string) => `${prefix}:slack:email:${userId}`;
  const clock = options.clock ?? systemClock;
  // Insertion order is the order of remembering: the first entry is the oldest.
  const memory = new Map<string, { email: string | undefined; until: number }>();

  function remember(userId: string, email: string | undefined): void {
    memory.delete(userId);
    memory.set(userId, { email, until: clock.now() + MEMORY_TTL_MS });
    if (memory.size > MEMORY_MAX_USERS) memory.delete(memory.keys().next().value!);
  }

  function fromMemory(userId: string): { email: string | undefined } | undefined {
    const entry = memory.get(userId);
    if (entry && entry.until > clock.now()) return { email: entry.email };
    memory.delete(userId);
    return undefined;
  }

  async function cached(userId: string): Promise<{ email: string | undefined } | undefined> {
    const known = fromMemory(userId);
    if (known) return known;
    try {
      const raw = await redis.get(keyOf(userId));
      if (raw === null) return undefined;
      const entry = cacheEntry.safeParse(JSON.parse(raw));
      if (entry.success) remember(userId, entry.data.email);
      return entry.success ? { email: entry.data.email } : undefined;
    } catch (error) {
      logger.warn({ err: error }, 'email cache unreadable; asking Slack');
      return undefined;
    }
  }

  async function fetchEmail(userId: string): Promise<string | undefined> {
    const answer = usersInfo.parse(await client.users.info({ user: userId }));
    const email = answer.user.profile.email?.trim() || undefined;
    remember(userId, email);
    // "No email" is an answer too: cache it so a user without one does not cost a call per request.
    redis
      .set(keyOf(userId), JSON.stringify(email ? { email } : {}), 'EX', CACHE_TTL_SECONDS)
      .catch((error: unknown) => {
        logger.warn({ err: error }, 'could not cache a Slack email');
      });
    return email;
  }

  function fetchShared(userId: string): Promise<string | undefined> {
    let pending = fetching.get(userId);
    if (!pending) {
      pending = fetchEmail(userId).finally(() => fetching.delete(userId));
      fetching.set(userId, pending);
    }
    return pending;
  }

  async function resolve(userId: string): Promise<{ answer: DirectoryAnswer; outcome: DirectoryOutcome }> {
    const hit = await cached(userId);
    if (hit) return { answer: { ok: true, email: hit.email }, outcome: 'cached' };
    return { answer: { ok: true, email: await fetchShared(userId) }, outcome: 'fetched' };
  }

  return {
    async lookup(userId: string): Promise<DirectoryAnswer> {
      let timer: NodeJS.Timeout | undefined;
      // A late users.info answer is still cached for the next request; this one goes on without it.
      const late = new Promise<'late'>((done) => {
        timer = setTimeout(() => done('late'), timeoutMs);
      });
      try {
        const result = await Promise.race([resolve(userId), late]);
        if (result === 'late') {
          logger.warn({ timeoutMs }, 'users.info did not answer in time; going on without the email');
          onLookup?.('failed');
          return { ok: false };
        }
        onLookup?.(result.outcome);
        return result.answer;
      } catch (error) {
        logger.warn({ err: error }, 'users.info failed; going on without the email');
        onLookup?.('failed');
        return { ok: false };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
