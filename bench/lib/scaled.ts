// The action benchmark's time scale: MDE's published limits with windows ten times shorter for the
// simulator, and the bot's budgets and status polling to match. The driver and the bot's worker
// process both build them from here, so they agree.
import { MDE_PUBLISHED_LIMITS, type RateBudget } from '../../src/defender/ratelimit.js';
import type { RateFamily } from '../../src/defender/index.js';
import type { SimRateLimits } from '../../src/sim/index.js';
import type { StartBotOptions } from '../../src/runtime/bot.js';
import { scaleWindows } from './windows.js';

export const TIME_SCALE = 10;

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
};

/** Simulated actions stay Pending 200 ms and InProgress 300 ms; the bot polls from 200 ms, ≤ 1 s apart. */
export const scaledLifecycle = { pendingMs: 200, inProgressMs: 300 } as const;

export const scaledWorker: NonNullable<StartBotOptions['worker']> = {
  budgets: scaledBudgets,
  lifecycle: { firstPollDelayMs: 200, maxPollDelayMs: 1000 },
};
