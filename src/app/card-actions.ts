// Button clicks. A card carries only an opaque id; everything else — who clicked (from the platform's
// verified payload), what the id stands for, whether that person may act — is decided here.
import type { Queue } from 'bullmq';
import { recordBestEffort, type AuditEvent, type AuditTrail } from '../audit/index.js';
import { authorize, comparedIdentities, type ApprovalStore, type DecisionResult } from '../authz/index.js';
import { approvalCard, authorizationOf, type Verb } from '../commands/index.js';
import type { RbacConfig } from '../config/types.js';
import type { Interaction } from '../core/interaction.js';
import { INVALID_BUTTON_TEXT } from '../core/vocabulary.js';
import type { Logger } from '../core/logger.js';
import { enqueueApprovedAction, scheduleRedrive } from '../jobs/actions/index.js';
import type { DefenderJob } from '../jobs/types.js';
import { privately, unavailableAnswer, workingAnswer } from './answers.js';
import type { CardActionHandler } from './dispatch.js';
import { safeJobId } from './dispatch.js';
import { MACHINE_ID } from './machine-card-actions.js';
import type { ImmediateAnswer } from './types.js';

export interface CardActionDeps {
  rbac: RbacConfig;
  approvals: Pick<ApprovalStore, 'decide'>;
  defenderQueue: Pick<Queue<DefenderJob>, 'add'>;
  audit: Pick<AuditTrail, 'record'>;
  logger: Logger;
  onApproval?: (outcome: string) => void;
}

type Click = Interaction & { input: { kind: 'cardAction' } };

export function createCardActions(deps: CardActionDeps): Record<string, CardActionHandler> {
  const machineRead = (verb: 'machine' | 'actions') => async (click: Click) => {
    if (!MACHINE_ID.test(click.input.actionId)) return privately('Unknown button', INVALID_BUTTON_TEXT);
    const denied = refuse(deps, click, verb);
    if (denied) return denied;
    const command =
      verb === 'machine' ? { verb, query: click.input.actionId } : { verb, machine: click.input.actionId };
    const job: DefenderJob = {
      kind: 'command',
      command,
      requester: { actor: click.actor, conversation: click.conversation, correlationId: click.correlationId },
    };
    return enqueue(deps, job, safeJobId(click.correlationId), `${verb} ${click.input.actionId}`);
  };

  return {
    'machine.show': machineRead('machine'),
    'machine.actions': machineRead('actions'),
    'approval.approve': (click) => decide(deps, click, 'approve'),
    'approval.deny': (click) => decide(deps, click, 'deny'),
  };
}

function refuse(deps: CardActionDeps, click: Click, verb: Verb): ImmediateAnswer | undefined {
  const decision = authorize(click.actor, authorizationOf(verb), deps.rbac);
  return decision.kind === 'deny' ? privately('Not allowed', decision.reason) : undefined;
}

/**
 * Approve / Deny. The steps are ordered so that no failure between them leaves a request approved
 * with nothing run: the watchdog is scheduled before the approval is written (if that fails, nothing
 * is decided and the click can be repeated); the action is queued right after, under its one
 * deterministic id (if that fails, the watchdog queues it after the grace period); the audit entry
 * comes last and never holds up the action.
 */
async function decide(
  deps: CardActionDeps,
  click: Click,
  decision: 'approve' | 'deny',
): Promise<ImmediateAnswer> {
  let result: DecisionResult;
  try {
    result = await deps.approvals.decide(click.input.actionId, decision, click.actor, deps.rbac, {
      beforeApprove: async (record) => void (await scheduleRedrive(deps.defenderQueue, record)),
    });
  } catch (error) {
    // The decision may or may not have been written: if it was, the watchdog starts the action.
    deps.logger.error(
      { err: error, approvalId: click.input.actionId },
      'approval decision could not be recorded',
    );
    return privately(
      'Try again',
      'The bot could not record your decision (its store did not answer).',
      'If the card has not changed in a few minutes, click again.',
    );
  }

  if (result.ok && result.record.state === 'approved') {
    try {
      await enqueueApprovedAction(deps.defenderQueue, result.record);
    } catch (error) {
      deps.logger.error(
        { err: error, approvalId: result.record.id },
        'approved action could not be queued now; its watchdog will queue it',
      );
    }
  }
  await recordBestEffort(deps.audit, decisionEvent(click, decision, result), deps.logger);
  deps.onApproval?.(
    result.ok ? (result.record.state === 'approved' ? 'approved' : 'rejected') : result.reason,
  );
  // An expired request turns expired on this click: the card itself says so, for everyone.
  if (!result.ok && result.reason === 'expired' && result.record) {
    return { visibility: 'replace', message: approvalCard(result.record) };
  }
  if (!result.ok)
    return privately(result.reason === 'unresolved-identity' ? 'Try again' : 'Not possible', result.message);
  return { visibility: 'replace', message: approvalCard(result.record) };
}

/** The approval audit entry names every identity four-eyes compared, so an auditor sees why it held. */
function decisionEvent(click: Click, decision: 'approve' | 'deny', result: DecisionResult): AuditEvent {
  return {
    type: 'approval',
    at: new Date(click.receivedAt).toISOString(),
    correlationId: result.record?.correlationId ?? click.correlationId,
    platform: click.platform,
    actorId: click.actor.id,
    ...(click.actor.aadObjectId ? { actorAad: click.actor.aadObjectId } : {}),
    ...(result.record ? { verb: result.record.verb } : {}),
    ...(result.record && 'machineId' in result.record ? { machineId: result.record.machineId } : {}),
    decision,
    outcome: result.ok ? result.record.state : `refused: ${result.reason}`,
    details: {
      approvalId: result.record?.id ?? null,
      ...(result.record && 'indicator' in result.record
        ? { indicatorValue: result.record.indicator.value }
        : {}),
      ...(result.record ? comparedIdentities('requester', result.record.requester) : {}),
      ...comparedIdentities('approver', click.actor),
    },
  };
}

async function enqueue(
  deps: CardActionDeps,
  job: DefenderJob,
  jobId: string,
  what: string,
): Promise<ImmediateAnswer> {
  try {
    await deps.defenderQueue.add(job.kind, job, { jobId });
  } catch (error) {
    deps.logger.error({ err: error }, 'could not enqueue');
    return unavailableAnswer();
  }
  return workingAnswer(what);
}
