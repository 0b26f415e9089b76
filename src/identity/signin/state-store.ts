// Pending sign-ins in Redis: an opaque random state, bound to the chat user who asked, carrying the
// PKCE verifier, valid for 10 minutes and consumed at most once (GET and DEL in one script).
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { systemClock, type Clock } from '../../core/clock.js';
import type { ChatUser } from '../../core/interaction.js';

export const SIGNIN_STATE_TTL_MS = 10 * 60_000;

export type SignInUser = Pick<ChatUser, 'platform' | 'id' | 'tenantId' | 'aadObjectId'>;

export interface PendingSignIn {
  user: SignInUser;
  codeVerifier: string;
  /** Epoch ms after which the state is refused even if Redis still holds it. */
  expiresAt: number;
}

export interface SignInStateStore {
  create(user: SignInUser, codeVerifier: string): Promise<string>;
  /** Reads without consuming (the start route); undefined when unknown or expired. */
  peek(state: string): Promise<PendingSignIn | undefined>;
  /** Reads and deletes in one step (the callback); a second call for the same state gets undefined. */
  consume(state: string): Promise<PendingSignIn | undefined>;
}

export interface SignInStateStoreOptions {
  redis: Pick<Redis, 'set' | 'get' | 'eval'>;
  prefix: string;
  clock?: Clock;
  ttlMs?: number;
}

const STATE_FORMAT = /^[A-Za-z0-9_-]{43}$/;
/** GETDEL as a script: GETDEL itself needs Redis 6.2, and managed Redis 6.0 is still common. */
const GET_AND_DELETE = `local v = redis.call('GET', KEYS[1]); if v then redis.call('DEL', KEYS[1]) end; return v`;

const Stored = z.object({
  user: z.object({
    platform: z.enum(['slack', 'teams']),
    id: z.string().min(1),
    tenantId: z.string().optional(),
    aadObjectId: z.string().optional(),
  }),
  codeVerifier: z.string().min(43),
  expiresAt: z.number(),
});

export function createSignInStateStore(options: SignInStateStoreOptions): SignInStateStore {
  const clock = options.clock ?? systemClock;
  const now = () => clock.now();
  const ttlMs = options.ttlMs ?? SIGNIN_STATE_TTL_MS;
  const keyOf = (state: string) => `${options.prefix}:signin:state:${state}`;

  const parse = (raw: string | null): PendingSignIn | undefined => {
    if (!raw) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return undefined;
    }
    const parsed = Stored.safeParse(json);
    if (!parsed.success || parsed.data.expiresAt <= now()) return undefined;
    const { user, codeVerifier, expiresAt } = parsed.data;
    return {
      user: { platform: user.platform, id: user.id, tenantId: user.tenantId, aadObjectId: user.aadObjectId },
      codeVerifier,
      expiresAt,
    };
  };

  return {
    async create(user, codeVerifier) {
      const state = randomBytes(32).toString('base64url');
      const record = { user: withoutUndefined(user), codeVerifier, expiresAt: now() + ttlMs };
      // Redis forgets it a little after the clock says it expired, so both agree it is gone.
      await options.redis.set(keyOf(state), JSON.stringify(record), 'PX', ttlMs + 60_000);
      return state;
    },
    async peek(state) {
      return STATE_FORMAT.test(state) ? parse(await options.redis.get(keyOf(state))) : undefined;
    },
    async consume(state) {
      if (!STATE_FORMAT.test(state)) return undefined;
      const stored = await options.redis.eval(GET_AND_DELETE, 1, keyOf(state));
      return parse(typeof stored === 'string' ? stored : null);
    },
  };
}

function withoutUndefined(user: SignInUser): Record<string, string> {
  return Object.fromEntries(Object.entries(user).filter(([, v]) => typeof v === 'string')) as Record<
    string,
    string
  >;
}
