// The MDE half of the simulator: an express Router serving MDE's public API (mounted at /api and
// /api/v1.0) and the control surface that tests and the demo use to shape the tenant.
import express from 'express';
import type { MdeApi, MdeApiOptions } from '../types.js';
import type { MdeContext } from './context.js';
import { createControl, type MdeSimControl } from './control.js';
import { SlidingWindowLimiter } from './rate-limit.js';
import { mdeErrorHandler } from './respond.js';
import { mountActionRoutes } from './routes/actions.js';
import { mountAlertRoutes } from './routes/alerts.js';
import { mountHuntingRoutes } from './routes/hunting.js';
import { mountIndicatorRoutes } from './routes/indicators.js';
import { mountLiveResponseRoutes } from './routes/live-response.js';
import { mountMachineActionReadRoutes } from './routes/machine-action-reads.js';
import { mountMachineRoutes } from './routes/machines.js';
import { mountPackageRoutes } from './routes/packages.js';
import { seedTenant } from './seed.js';
import { MdeStore } from './store.js';

export type { IndicatorSeed, MachineState, MdeSimControl } from './control.js';
export type { SimIndicator } from './indicators.js';
export type { Caller, Operation } from './permissions.js';
export { UNGROUPED_DEVICE_GROUP } from './permissions.js';
export { parseFilter, ODataSyntaxError } from './odata.js';
export type { FieldTable, Predicate } from './odata.js';

export interface MdeSimApi extends MdeApi {
  control: MdeSimControl;
}

export function createMdeApi(options: MdeApiOptions): MdeSimApi {
  const context: MdeContext = {
    options,
    store: new MdeStore(options.clock, options.lifecycle),
    limiter: new SlidingWindowLimiter(options.clock),
  };
  if (options.seed) seedTenant(context.store, options.tenantId, options.clock.now());

  // Paths match case-insensitively: MDE's own docs mix GetPackageUri and getPackageUri.
  const router = express.Router({ caseSensitive: false });
  mountMachineRoutes(router, context);
  mountActionRoutes(router, context);
  mountLiveResponseRoutes(router, context);
  mountMachineActionReadRoutes(router, context);
  mountAlertRoutes(router, context);
  mountHuntingRoutes(router, context);
  mountPackageRoutes(router, context);
  mountIndicatorRoutes(router, context);
  router.use(mdeErrorHandler);
  return { router, control: createControl(context) };
}
