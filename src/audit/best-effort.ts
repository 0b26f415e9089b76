// Audit writes that must never hold up or undo the work they describe: the log line is written by
// the trail whatever happens; a failed stream write is logged here and the caller goes on.
import type { Logger } from '../core/index.js';
import type { AuditEvent } from './event.js';
import type { AuditTrail } from './trail.js';

export async function recordBestEffort(
  trail: Pick<AuditTrail, 'record'>,
  event: AuditEvent,
  logger: Logger,
): Promise<void> {
  try {
    await trail.record(event);
  } catch (error) {
    logger.warn(
      { err: error, auditType: event.type, correlationId: event.correlationId },
      'audit entry not stored in Redis (it is in the log); carrying on',
    );
  }
}
