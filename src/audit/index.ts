// The audit trail: structured log lines plus a capped Redis stream of who did what.
export { createAuditTrail, DEFAULT_AUDIT_MAX_LEN } from './trail.js';
export type { AuditTrail, AuditTrailOptions } from './trail.js';
export { AUDIT_EVENT_TYPES, AuditEventSchema } from './event.js';
export type { AuditEvent, AuditEventType } from './event.js';
export { recordBestEffort } from './best-effort.js';
