// Button clicks. A card carries only an opaque id; everything else — who clicked (from the platform's
// verified payload), what the id stands for, whether that person may act — is decided here.
import type { Queue } from 'bullmq';
import type { AuditTrail } from '../audit/index.js';
import { authorize, type ApprovalRecord, type ApprovalStore, type Verb } from '../authz/index.js';
import { approvalMessage } from '../commands/handlers/action-cards.js';
import type { RbacConfig } from '../config/types.js';
import type { Interaction } from '../core/interaction.js';
import type { Logger } from '../core/logger.js';
import type { DefenderJob, MachineActionJob } from '../jobs/types.js';
import { enqueueMachineAction } from '../jobs/queues.js';
import { privately, unavailableAnswer, workingAnswer } from './answers.js';
import type { CardActionHandler } from './dispatch.js';
import { safeJobId } from './dispatch.js';
import type { ImmediateAnswer } from './types.js';

export interface CardActionDeps {
  rbac: RbacConfig;
  approvals: Pick<ApprovalStore, 'decide' | 'markFailed'>;
  defenderQueue: Pick<Queue<DefenderJob>, 'add'>;
  audit: Pick<AuditTrail, 'record'>;
  logger: Logger;
  onApproval?: (outcome: string) => void;
}

type Click = Interaction & { input: { kind: 'cardAction' } };
const MACHINE_ID = /^[0-9a-f]{40}$/i;

export function createCardActions(deps: CardActionDeps): Record<string, CardActionHandler> {
  const machineRead = (verb: 'machine' | 'actions') => async (click: Click) => {
    if (!MACHINE_ID.test(click.input.actionId)) return privately('Unknown button', 'That button is no longer valid.');
    const denied = refuse(deps, click, verb);
    if (denied) return denied;
    const command =
      verb === 'machine' ? { verb, query: click.input.actionId } : { verb, machine: click.input.actionId };
    const job: DefenderJob = {
      kind: 'read',
      command,
      requester: { actor: click.actor, conversation: click.conversation, correlationId: click.correlationId },
    };
    return enqueue(deps, job, safeJobId(click.correlationId), `${verb} ${click.input.actionId}`);
  };

  return {
    'machine.show': machineRead('machine'),
    'machine.actions': machineRead('actions'),
    'isolate.request': (click) => Promise.resolve(isolationHint(deps, click)),
    'approval.approve': (click) => decide(deps, click, 'approve'),
    'approval.deny': (click) => decide(deps, click, 'deny'),
  };
}

function isolationHint(deps: CardActionDeps, click: Click): ImmediateAnswer {
  if (!MACHINE_ID.test(click.input.actionId)) return privately('Unknown button', 'That button is no longer valid.');
  const denied = refuse(deps, click, 'isolate');
  if (denied) return denied;
  const prefix = click.platform === 'slack' ? '/defender ' : '';
  return privately(
    'A reason is needed',
    `Isolation needs a reason, which Defender records. Send: ${prefix}isolate ${click.input.actionId} <reason>`,
  );
}

function refuse(deps: CardActionDeps, click: Click, verb: Verb): ImmediateAnswer | undefined {
  const decision = authorize(click.actor, { verb }, deps.rbac);
  return decision.kind === 'deny' ? privately('Not allowed', decision.reason) : undefined;
}

async function decide(deps: CardActionDeps, click: Click, decision: 'approve' | 'deny'): Promise<ImmediateAnswer> {
  const result = await deps.approvals.decide(click.input.actionId, decision, click.actor, deps.rbac);
  await deps.audit.record({
    type: 'approval',
    at: new Date(click.receivedAt).toISOString(),
    correlationId: result.record?.correlationId ?? click.correlationId,
    platform: click.platform,
    actorId: click.actor.id,
    ...(click.actor.aadObjectId ? { actorAad: click.actor.aadObjectId } : {}),
    verb: result.record?.verb,
    decision,
    outcome: result.ok ? result.record.state : `refused: ${result.reason}`,
    ...(result.record ? { machineId: result.record.machineId } : {}),
  });
  deps.onApproval?.(result.ok ? (result.record.state === 'approved' ? 'approved' : 'rejected') : result.reason);
  // An expired request turns expired on this click: the card itself says so, for everyone.
  if (!result.ok && result.reason === 'expired' && result.record) {
    return { visibility: 'replace', message: approvalMessage(result.record) };
  }
  if (!result.ok) return privately('Not possible', result.message);

  const { record } = result;
  if (record.state === 'approved') {
    try {
      await enqueueMachineAction(deps.defenderQueue, actionJob(record, click), `approval-${record.id}`);
    } catch (error) {
      deps.logger.error({ err: error, approvalId: record.id }, 'approved action could not be queued');
      await deps.approvals.markFailed(record.id, 'could not be queued').catch(() => undefined);
      return unavailableAnswer();
    }
  }
  return { visibility: 'replace', message: approvalMessage(record) };
}

function actionJob(record: ApprovalRecord, click: Click): MachineActionJob {
  return {
    kind: 'machine-action',
    action: {
      verb: record.verb,
      machineId: record.machineId,
      machineName: record.machineName,
      reason: record.reason,
      ...(record.isolationType ? { isolationType: record.isolationType } : {}),
    },
    requester: { actor: record.requester, conversation: record.conversation, correlationId: record.correlationId },
    approvalId: record.id,
    approver: click.actor,
  };
}

async function enqueue(deps: CardActionDeps, job: DefenderJob, jobId: string, what: string): Promise<ImmediateAnswer> {
  try {
    await deps.defenderQueue.add(job.kind, job, { jobId });
  } catch (error) {
    deps.logger.error({ err: error }, 'could not enqueue');
    return unavailableAnswer();
  }
  return workingAnswer(what);
}

