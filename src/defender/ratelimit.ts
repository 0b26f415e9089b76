// A rate budget shared by every bot process through Redis, held to MDE's published limits.
//
// Why a sliding-window log instead of rate-limiter-flexible's fixed windows: with fixed windows a
// full budget at the end of one window plus a full budget at the start of the next puts twice the
// limit inside one trailing minute, which a sliding counter on MDE's side answers with 429s. The log
// (a sorted set per window, checked and written in one Lua script on Redis's clock) never admits
// more than the limit in any trailing window, across processes and hosts.
//
// Why no safety margin is needed: MDE counts a call when it arrives, which we cannot see, but it
// lies between our grant and MDE's answer. So each call is logged at the latest moment it can arrive:
// first its grant time plus the request timeout (it may still be in flight), then, once answered, the
// answer time. Every call MDE could count in any trailing window is then in our log's window too, so
// the full published limit can be used without a 429, and a call costs its window plus only its own
// round trip rather than a fixed pad.
//
// Why a reserve for machine actions: an isolation that waits for a window because viewers' look-ups
// filled it is an incident response held up by curiosity. On the APIs actions share with reads (the
// status of an action is read by its poll and by `status`), reads may fill only part of each window
// (`actionReserve`); the rest is always there for actions and their polls. Reads stay exact too:
// they are refused by the same log, only at a lower count.
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock.js';

export interface RateWindow {
  limit: number;
  windowMs: number;
}

export interface RateBudget {
  windows: readonly RateWindow[];
  /**
   * Share of every window kept for machine actions (0.2: reads are refused once a window holds 80 %
   * of its limit, whatever the calls in it are). Absent or 0: reads and actions share it all.
   */
  actionReserve?: number;
}

/**
 * What a call is to the budget: part of a machine action (its submission, status polls, the
 * look-ups that adopt it after a crash) or a read (look-ups, lists). Only the caller knows which.
 */
export type CallClass = 'action' | 'read';

/** The share of a window kept for machine actions on the APIs they share with reads. */
export const ACTION_RESERVE = 0.2;

/** Refused: how long until one may be granted. Granted: `grant` names the call for `answered`. */
export type RateDecision = { grant: string } | { waitMs: number };

/** Who asks for a slot. */
export interface RateAsker {
  /**
   * Names the caller (e.g. the job's correlation id): a refused caller is given a turn in its
   * class's line, and keeps it when it asks again under the same name.
   */
  caller?: string | undefined;
  /** Default `read`: a call nobody classified can never take the slots kept for actions. */
  callClass?: CallClass;
}

export interface RateLimiterPort {
  /**
   * Takes one call from the budget for `key`, counted as arriving as late as `inFlightMs` from now
   * until `answered` says otherwise.
   */
  tryAcquire(key: string, budget: RateBudget, inFlightMs: number, asker?: RateAsker): Promise<RateDecision>;
  /** The call was answered (or failed): it arrived by now, so its window starts no later than now. */
  answered(key: string, budget: RateBudget, grant: string): Promise<void>;
}

/** Lua setting `now`: Redis's clock (one for every process), unless a test injects one as ARGV[arg]. */
const nowFromArg = (arg: number): string => `
local now
if ARGV[${arg}] ~= '' then
  now = tonumber(ARGV[${arg}])
else
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

// KEYS: one zset per window, then the line of waiting actions, then the line of waiting reads
// (member: caller, score: their turn).
// ARGV: member, inFlightMs, caller ('' for none), grace ms, class ('action' | 'read'), now ('' for
// Redis's clock), then limit, read limit and windowMs per window.
// Returns 0 when granted (and records the call in every window), else the ms to wait.
//
// Why a line: told only "when the oldest call leaves the window", every refused caller would come
// back at the same moment, so a backlog of N jobs wakes together for each freed slot and N-1 are
// refused again — N Redis round trips per slot. Instead the k-th caller in line is told when the
// k-th slot frees (a window later per full round of the limit), and a slot whose turn has come is
// held for its caller for `grace`, so a newcomer cannot take it: each waiting job comes back about
// once, in the order it asked. A turn not taken within the grace is given up (its job went away).
//
// Why two lines: a read may only take a slot while the window, counting every call and every held
// turn, is below its read limit; an action may use the whole limit. So the slots above the read
// limit are only ever taken by actions, however many reads wait. Actions outrank reads in line too:
// an action's turn counts only the actions ahead of it, and a read's turn that has come holds its
// slot against other reads but not against an action; a read counts every waiting action as ahead
// of it (an action that takes a read's slot sends that read back to its place in line). Reads
// therefore never delay an action, and when no action waits they have their share to themselves,
// in the order they asked.
const ACQUIRE = `${nowFromArg(6)}
local inflight = tonumber(ARGV[2])
local caller = ARGV[3]
local grace = tonumber(ARGV[4])
local isAction = ARGV[5] == 'action'
local windows = #KEYS - 2
local actionLine = KEYS[windows + 1]
local readLine = KEYS[windows + 2]
local line = readLine
if isAction then line = actionLine end
redis.call('ZREMRANGEBYSCORE', actionLine, '-inf', now - grace - 1)
redis.call('ZREMRANGEBYSCORE', readLine, '-inf', now - grace - 1)
local mine = nil
if caller ~= '' then
  local score = redis.call('ZSCORE', line, caller)
  if score then mine = tonumber(score) end
end
-- Slots whose turn has come are held for their callers. A caller whose own turn has come is held
-- up only by those ahead of it (an earlier turn), so callers told the same moment do not block
-- each other; a newcomer or an early caller by every turn that has come.
local function heldIn(key, own)
  if own and own <= now then return redis.call('ZCOUNT', key, '-inf', '(' .. own) end
  return redis.call('ZCOUNT', key, '-inf', now)
end
local held
if isAction then
  held = heldIn(actionLine, mine)
else
  held = redis.call('ZCOUNT', actionLine, '-inf', now) + heldIn(readLine, mine)
end
local granted = true
for i = 1, windows do
  local key = KEYS[i]
  local cap = tonumber(ARGV[3 * i + 4])
  if not isAction then cap = tonumber(ARGV[3 * i + 5]) end
  local window = tonumber(ARGV[3 * i + 6])
  -- A call logged at t counts until t + window inclusive and leaves one ms later: the moment the
  -- turns below are given for, so no newcomer finds a slot free before the caller it is meant for.
  redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. (now - window))
  if redis.call('ZCARD', key) + held >= cap then granted = false end
end
if granted then
  for i = 1, windows do
    local window = tonumber(ARGV[3 * i + 6])
    redis.call('ZADD', KEYS[i], now + inflight, ARGV[1])
    redis.call('PEXPIRE', KEYS[i], window + inflight + 1)
  end
  if mine then redis.call('ZREM', line, caller) end
  return 0
end
-- An early caller keeps its turn.
if mine and mine > now then return mine - now end
-- Otherwise: its place is behind everyone of its class in line (a due caller without a slot keeps
-- its place), and a read's behind every waiting action too.
local place = redis.call('ZCARD', line)
if mine then place = redis.call('ZCOUNT', line, '-inf', '(' .. mine) end
if not isAction then place = place + redis.call('ZCARD', actionLine) end
local turn = now + 1
for i = 1, windows do
  local key = KEYS[i]
  local cap = tonumber(ARGV[3 * i + 4])
  if not isAction then cap = tonumber(ARGV[3 * i + 5]) end
  local window = tonumber(ARGV[3 * i + 6])
  local count = redis.call('ZCARD', key)
  local rounds = math.floor(place / cap)
  local index = count - cap + place % cap
  local at
  if index < 0 then
    at = now + (window + 1) * rounds + 1
  else
    local freeing = tonumber(redis.call('ZRANGE', key, index, index, 'WITHSCORES')[2])
    -- A call still in flight will be answered no earlier than now: its window ends a window from
    -- now at the earliest. Each later round's calls are granted the ms after the round before them
    -- leaves, so each round adds window + 1.
    at = math.min(freeing, now) + (window + 1) * (1 + rounds)
  end
  if at > turn then turn = at end
end
if caller ~= '' then
  redis.call('ZADD', line, turn, caller)
  local keep = turn - now + grace
  if redis.call('PTTL', line) < keep then redis.call('PEXPIRE', line, keep) end
end
return turn - now
`;

// KEYS: one zset per window. ARGV: member, now ('' for Redis's clock). Moves the call to now if it
// is still logged later than that (never later: a late "answered" must not extend its own window).
// ZSCORE + ZADD rather than ZADD LT, which Redis before 6.2 (still offered by managed services) does
// not know.
const ANSWERED = `${nowFromArg(2)}
for i, key in ipairs(KEYS) do
  local logged = redis.call('ZSCORE', key, ARGV[1])
  if logged and tonumber(logged) > now then redis.call('ZADD', key, now, ARGV[1]) end
end
return 0
`;

/**
 * How long a slot whose turn has come is kept for its caller: a delayed job is promoted and started
 * within milliseconds normally, within a second or two on a busy worker.
 */
export const TURN_GRACE_MS = 2000;

/**
 * How many calls of a window reads may fill: the limit less the reserve, at least one (a window too
 * small to split still serves reads).
 */
export function readLimitOf(window: RateWindow, actionReserve = 0): number {
  return Math.max(1, Math.floor(window.limit * (1 - actionReserve) + 1e-9));
}

export class RedisSlidingWindowLimiter implements RateLimiterPort {
  /** `testClock`: a clock for tests; by default Redis's own, shared by every process. */
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly testClock?: Clock,
  ) {}

  private keys(key: string, budget: RateBudget): string[] {
    return budget.windows.map((w) => `${this.prefix}:ratelimit:${key}:${w.windowMs}`);
  }

  private clock(): string {
    return this.testClock ? String(Math.floor(this.testClock.now())) : '';
  }

  async tryAcquire(
    key: string,
    budget: RateBudget,
    inFlightMs: number,
    asker: RateAsker = {},
  ): Promise<RateDecision> {
    const line = `${this.prefix}:ratelimit:${key}:line`;
    const keys = [...this.keys(key, budget), `${line}:action`, `${line}:read`];
    const grant = randomUUID();
    const args = [
      grant,
      String(Math.max(0, Math.ceil(inFlightMs))),
      asker.caller ?? '',
      String(TURN_GRACE_MS),
      asker.callClass ?? 'read',
      this.clock(),
      ...budget.windows.flatMap((w) => [
        String(w.limit),
        String(readLimitOf(w, budget.actionReserve)),
        String(w.windowMs),
      ]),
    ];
    const waitMs = Number(await this.redis.eval(ACQUIRE, keys.length, ...keys, ...args));
    return waitMs > 0 ? { waitMs } : { grant };
  }

  async answered(key: string, budget: RateBudget, grant: string): Promise<void> {
    const keys = this.keys(key, budget);
    await this.redis.eval(ANSWERED, keys.length, ...keys, grant, this.clock());
  }
}

/** MDE's published budgets (reference: mde-api.md section 2). */
export const MDE_PUBLISHED_LIMITS = {
  standard: [
    { limit: 100, windowMs: 60_000 },
    { limit: 1500, windowMs: 3_600_000 },
  ],
  packageUri: [
    { limit: 2, windowMs: 60_000 },
    { limit: 120, windowMs: 3_600_000 },
  ],
  hunting: [
    { limit: 45, windowMs: 60_000 },
    { limit: 1500, windowMs: 3_600_000 },
  ],
  /** Live response: 10 calls a minute (mde-api-response.md 5.1); 25 concurrent sessions beyond that. */
  liveResponse: [{ limit: 10, windowMs: 60_000 }],
} as const satisfies Record<string, readonly RateWindow[]>;
