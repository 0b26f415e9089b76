// What every route handler shares: the options, the tenant store and the rate limiter.
import type { MdeApiOptions } from '../types.js';
import type { SlidingWindowLimiter } from './rate-limit.js';
import type { MdeStore } from './store.js';

export interface MdeContext {
  options: MdeApiOptions;
  store: MdeStore;
  limiter: SlidingWindowLimiter;
}
