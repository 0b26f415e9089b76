// At an approval's expiry: pending -> expired (atomically; a decision that won the race stands),
// and the card says so.
import type { Queue } from 'bullmq';
import type { ApprovalStore } from '../../authz/index.js';
import { approvalMessage } from '../../commands/handlers/action-cards.js';
import type { NotifyJob } from '../types.js';

export async function expireApproval(
  deps: { approvals: Pick<ApprovalStore, 'expire'>; notify: Pick<Queue<NotifyJob>, 'add'> },
  approvalId: string,
): Promise<void> {
  const { record, changed } = await deps.approvals.expire(approvalId);
  if (!record || !changed || !record.message) return;
  await deps.notify.add('update', {
    op: 'update',
    ref: record.message,
    message: approvalMessage(record),
    correlationId: record.correlationId,
  });
}
