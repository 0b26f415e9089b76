// Approval requests that are not machine actions (`block`, `unblock`): asking for one from a job verb,
// and the job an approved one becomes. That job reads the approval record (the one source of truth),
// runs the verb's approved run once as the approver, links the record to what it made, and shows the
// outcome in place of the approval card. The watchdog in redrive.ts guards it as it guards actions.
import type { Queue } from 'bullmq';
import { recordBestEffort, type AuditEvent, type AuditTrail } from '../../audit/index.js';
import { isIndicatorApproval, type ApprovalStore, type IndicatorApprovalRecord } from '../../authz/index.js';
import { indicatorOutcomeMessage } from '../../cards/presenters/indicators.js';
import { approvedRunOf, type ApprovalPort, type IndicatorAction } from '../../commands/index.js';
import { systemClock, type Clock } from '../../core/clock.js';
import type { BotError } from '../../core/errors.js';
import type { OutgoingMessage } from '../../core/interaction.js';
import type { Logger } from '../../core/logger.js';
import type { DefenderClient } from '../../defender/index.js';
import type { DefenderJob, NotifyJob, Requester } from '../types.js';
import type { DefenderClientFor } from '../user-context.js';
import { FINAL_EDIT_VERSION } from './lifecycle.js';
import { postApprovalRequest, type ApprovalRequestDeps } from './start.js';

export interface ApprovedDeps {
  defender: DefenderClient;
  notify: Pick<Queue<NotifyJob>, 'add'>;
  approvals: Pick<ApprovalStore, 'get' | 'markExecuted' | 'markFailed'>;
  audit: Pick<AuditTrail, 'record'>;
  logger: Logger;
  clock?: Clock;
  clientFor?: DefenderClientFor;
}

/** The job an approved indicator request becomes; its id is the approval's action job id. */
export function approvedRequestJob(record: IndicatorApprovalRecord): DefenderJob {
  return { kind: 'approved-request', approvalId: record.id, correlationId: record.correlationId };
}

/**
 * What a job verb gets to ask for an approval: `needed` from the dispatcher's decision, and a request
 * that makes the record, its card and its expiry (as a machine action's approval does).
 */
export function approvalPort(deps: ApprovalRequestDeps, requester: Requester, needed: boolean): ApprovalPort {
  return {
    needed,
    request: (action: IndicatorAction) =>
      postApprovalRequest(deps, {
        verb: action.verb,
        indicator: action.indicator,
        reason: action.reason,
        requester: requester.actor,
        conversation: requester.conversation,
        correlationId: requester.correlationId,
      }),
  };
}

const actionOf = (record: IndicatorApprovalRecord): IndicatorAction => ({
  verb: record.verb,
  indicator: record.indicator,
  reason: record.reason,
});

/** Runs an approved request once: a record already linked (or failed, or not approved) is left alone. */
export async function runApprovedRequest(deps: ApprovedDeps, approvalId: string): Promise<void> {
  const record = await deps.approvals.get(approvalId);
  if (!record || !isIndicatorApproval(record) || record.state !== 'approved') return;
  if (record.actionId !== undefined || record.failure !== undefined) return;
  const approver = record.decidedBy;
  const defender = deps.clientFor
    ? await deps.clientFor(approver ?? record.requester, approver ? 'approver' : 'requester')
    : deps.defender;
  const outcome = await approvedRunOf(record.verb).execute(
    {
      defender,
      requester: record.requester,
      approver,
      now: new Date((deps.clock ?? systemClock).now()),
    },
    actionOf(record),
  );
  // Linked before the card: a retry after this point finds the record done and does nothing.
  await deps.approvals.markExecuted(record.id, { actionId: outcome.outcomeId });
  await show(deps, record, outcome.message);
  await audit(deps, record, defender.tokenContext, outcome.outcomeId, 'done');
}

/** When the approved request's job gives up for good: the record and its card say so. */
export async function reportApprovedFailure(
  deps: Omit<ApprovedDeps, 'clientFor' | 'clock'>,
  record: IndicatorApprovalRecord,
  failure: BotError,
): Promise<void> {
  await deps.approvals.markFailed(record.id, failure.code);
  const message = indicatorOutcomeMessage(
    {
      verb: record.verb,
      status: 'Failed',
      value: record.indicator.value,
      indicators: [],
      note: failure.userMessage,
    },
    { requester: record.requester, approver: record.decidedBy, reason: record.reason },
  );
  await show(deps, record, message);
  const tokenContext = failure.details.tokenContext === 'user' ? 'user' : deps.defender.tokenContext;
  await audit(deps, record, tokenContext, record.indicator.id, `Failed: ${failure.code}`);
}

/** The outcome replaces the approval card (or is posted, when the card was never attached). */
async function show(
  deps: Pick<ApprovedDeps, 'notify'>,
  record: IndicatorApprovalRecord,
  message: OutgoingMessage,
) {
  const { correlationId } = record;
  if (record.message)
    await deps.notify.add('update', {
      op: 'update',
      ref: record.message,
      message,
      correlationId,
      version: FINAL_EDIT_VERSION,
    });
  else
    await deps.notify.add('post', { op: 'post', conversation: record.conversation, message, correlationId });
}

function audit(
  deps: Pick<ApprovedDeps, 'audit' | 'logger'>,
  record: IndicatorApprovalRecord,
  tokenContext: 'app' | 'user',
  indicatorId: string | undefined,
  outcome: string,
): Promise<void> {
  const event: AuditEvent = {
    type: 'mde-outcome',
    at: new Date().toISOString(),
    correlationId: record.correlationId,
    platform: record.requester.platform,
    actorId: (record.decidedBy ?? record.requester).id,
    verb: record.verb,
    reason: record.reason,
    tokenContext,
    outcome,
    details: {
      indicatorValue: record.indicator.value,
      indicatorKind: record.indicator.kind,
      indicatorId: indicatorId ?? null,
      requester: record.requester.id,
      approver: record.decidedBy?.id ?? null,
    },
  };
  return recordBestEffort(deps.audit, event, deps.logger);
}
