// HTTP building blocks: probes, metrics, request guards. The server itself is src/server.ts.
export { healthRoutes } from './health.js';
export type { HealthOptions, Pingable } from './health.js';
export { metricsRoutes } from './metrics.js';
export {
  MAX_BODY_BYTES,
  jsonBody,
  rejectOversizedBodies,
  securityHeaders,
  notFound,
  errorHandler,
} from './guards.js';
