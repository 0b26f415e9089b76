// At an approval's expiry: pending -> expired (atomically; a decision that won the race stands),
// and the card says so. An approved request that never ran is handed to its watchdog once more.
import type { Queue } from 'bullmq';
import type { ApprovalStore } from '../../authz/index.js';
import { approvalCard } from '../../commands/index.js';
import type { DefenderJob, NotifyJob } from '../types.js';
import { scheduleRedrive } from './redrive.js';

export async function expireApproval(
  deps: {
    approvals: Pick<ApprovalStore, 'expire'>;
    notify: Pick<Queue<NotifyJob>, 'add'>;
    defenderQueue: Pick<Queue<DefenderJob>, 'add'>;
  },
  approvalId: string,
): Promise<void> {
  const { record, changed } = await deps.approvals.expire(approvalId);
  if (record?.state === 'approved' && record.actionId === undefined && record.failure === undefined) {
    // Also covers requests approved before approvals had watchdogs; a live watchdog makes this a no-op.
    await scheduleRedrive(deps.defenderQueue, record, 0);
    return;
  }
  if (!record || !changed || !record.message) return;
  await deps.notify.add('update', {
    op: 'update',
    ref: record.message,
    message: approvalCard(record),
    correlationId: record.correlationId,
  });
}
