// The action benchmark's time scale: MDE's published limits, optionally with shorter windows for the
// simulator, and the bot's budgets and status polling to match. The driver and the bot's worker
// process both build them from here, so they agree.
import { MDE_PUBLISHED_LIMITS, type RateBudget } from '../../src/defender/ratelimit.js';
import type { RateFamily } from '../../src/defender/index.js';
import type { SimRateLimits } from '../../src/sim/index.js';
import type { StartBotOptions } from '../../src/runtime/bot.js';
import { scaleWindows } from './windows.js';

/**
 * 1 (the default) runs at MDE's real limits: 300 actions then take a little over two minutes, and
 * nothing is distorted. BENCH_TIME_SCALE=10 makes every window ten times shorter for a quick run, but
 * the fixed costs that do not shrink with it (HTTP round trips, job hand-offs) then weigh ten times more.
 */
export const TIME_SCALE = timeScale(process.env.BENCH_TIME_SCALE);

function timeScale(text: string | undefined): number {
  const scale = Number(text ?? 1);
  if (!Number.isFinite(scale) || scale < 1 || scale > 100)
    throw new Error(`BENCH_TIME_SCALE must be a number from 1 to 100, got ${text}`);
  return scale;
}

export const scaledLimits: SimRateLimits = {
  standard: scaleWindows(MDE_PUBLISHED_LIMITS.standard, TIME_SCALE),
  packageUri: scaleWindows(MDE_PUBLISHED_LIMITS.packageUri, TIME_SCALE),
  hunting: scaleWindows(MDE_PUBLISHED_LIMITS.hunting, TIME_SCALE),
};

/** The bot's budgets are MDE's limits themselves, as in production (defaultBudgets), scaled alike. */
export const scaledBudgets: Record<RateFamily, RateBudget> = {
  standard: { windows: scaledLimits.standard },
  packageUri: { windows: scaledLimits.packageUri },
  hunting: { windows: scaledLimits.hunting },
  liveResponse: { windows: scaleWindows(MDE_PUBLISHED_LIMITS.liveResponse, TIME_SCALE) },
};

/** Simulated actions stay Pending 200 ms and InProgress 300 ms; the bot polls from 200 ms, ≤ 1 s apart. */
export const scaledLifecycle = { pendingMs: 200, inProgressMs: 300 } as const;

export const scaledWorker: NonNullable<StartBotOptions['worker']> = {
  budgets: scaledBudgets,
  lifecycle: { firstPollDelayMs: 200, maxPollDelayMs: 1000 },
};
