// The state machine of an approval, as pure functions of a record and the time:
// pending -> approved | denied | expired, and the MDE outcome on approved records.
import type { ChatUser } from '../../core/index.js';
import type { ApprovalRecord } from './record.js';
import type { RefusalReason } from './messages.js';

export type Decision = 'approve' | 'deny';

export type Transition =
  | { ok: true; record: ApprovalRecord }
  /** `record` is what must be stored (an overdue request turns 'expired') or what is already there. */
  | { ok: false; reason: RefusalReason; record: ApprovalRecord; changed: boolean };

export function isOverdue(record: ApprovalRecord, now: number): boolean {
  return now >= Date.parse(record.expiresAt);
}

/** Role and four-eyes checks are done before this; here only the state and the clock matter. */
export function decideTransition(
  record: ApprovalRecord,
  decision: Decision,
  actor: ChatUser,
  cancel: boolean,
  now: number,
): Transition {
  if (record.state === 'expired') return { ok: false, reason: 'expired', record, changed: false };
  if (record.state !== 'pending') return { ok: false, reason: 'already-decided', record, changed: false };
  if (isOverdue(record, now)) {
    return { ok: false, reason: 'expired', record: { ...record, state: 'expired' }, changed: true };
  }
  const decided: ApprovalRecord = {
    ...record,
    state: decision === 'approve' ? 'approved' : 'denied',
    decidedBy: actor,
    decidedAt: new Date(now).toISOString(),
  };
  return { ok: true, record: cancel ? { ...decided, cancelled: true } : decided };
}

/** The expired record when `record` is pending and overdue, else undefined (nothing to do). */
export function expireTransition(record: ApprovalRecord, now: number): ApprovalRecord | undefined {
  return record.state === 'pending' && isOverdue(record, now) ? { ...record, state: 'expired' } : undefined;
}

/** Links an approved record to its MDE action; a different action id never overwrites the first. */
export function executedTransition(record: ApprovalRecord, actionId: string): ApprovalRecord | undefined {
  if (record.state !== 'approved') return undefined;
  if (record.actionId !== undefined) return undefined;
  return { ...record, actionId };
}

export function failedTransition(record: ApprovalRecord, failure: string): ApprovalRecord | undefined {
  if (record.state !== 'approved' || record.failure === failure) return undefined;
  return { ...record, failure };
}
