// First step of a machine action: resolve the machine (never guessing), then either post an
// approval card (four-eyes verbs) or post a status card and start the action (scan, collect).
import type { Queue } from 'bullmq';
import type { ApprovalStore, MachineFacts, NewApproval } from '../../authz/index.js';
import { machineName, unresolvedAnswer } from '../../cards/index.js';
import { actionStatusCardOf, approvalCard, type MachineActionCommand } from '../../commands/index.js';
import { resolveMachine, type DefenderClient } from '../../defender/index.js';
import { jobIdFor } from '../job-ids.js';
import { continuation } from '../picks.js';
import type { PickStore } from '../picks.js';
import { machineFacts } from './facts.js';
import type { ActionSpec, DefenderJob, MachineActionJob, NotifyJob, Requester } from '../types.js';

export interface StartDeps {
  defender: DefenderClient;
  notify: Pick<Queue<NotifyJob>, 'add'>;
  defenderQueue: Pick<Queue<DefenderJob>, 'add'>;
  approvals: Pick<ApprovalStore, 'create'>;
  /** Approval lifetime, for the expiry job's delay. */
  approvalTtlMs: number;
  /** Pick lists that continue the command; without it a pick list only shows the machines. */
  picks?: Pick<PickStore, 'create'>;
}

export async function startAction(
  deps: StartDeps,
  command: MachineActionCommand,
  requester: Requester,
  needsApproval: boolean,
) {
  const resolution = await resolveMachine(deps.defender, command.machine);
  const unresolved = unresolvedAnswer(
    resolution,
    await continuation(deps.picks, command, 'machine', requester, resolution),
  );
  if (unresolved || resolution.kind !== 'one') {
    await deps.notify.add(
      'private',
      {
        op: 'private',
        conversation: requester.conversation,
        user: requester.actor,
        message: unresolved!,
        correlationId: requester.correlationId,
        ...replacesWorking(requester),
      },
      { jobId: jobIdFor('unresolved', requester.correlationId) },
    );
    return;
  }
  const spec: ActionSpec = {
    verb: command.verb,
    machineId: resolution.machine.id,
    machineName: machineName(resolution.machine),
    reason: command.reason,
    ...(command.verb === 'isolate' ? { isolationType: command.isolationType } : {}),
    ...(command.verb === 'scan' ? { scanType: command.scanType } : {}),
    ...(command.verb === 'run'
      ? { script: command.script, ...(command.args ? { args: command.args } : {}) }
      : {}),
  };
  if (needsApproval)
    return requestApproval(deps, spec, requester, await machineFacts(deps.defender, resolution.machine));

  const job: MachineActionJob = { kind: 'machine-action', action: spec, requester };
  const now = new Date().toISOString();
  await deps.notify.add(
    'post',
    {
      op: 'post',
      conversation: requester.conversation,
      message: actionStatusCardOf({
        verb: spec.verb,
        actionId: undefined,
        machineId: spec.machineId,
        machineName: spec.machineName,
        status: 'Submitting',
        requester: requester.actor,
        approver: undefined,
        comment: spec.reason,
        createdAt: now,
        updatedAt: now,
        tokenContext: deps.defender.tokenContext === 'user' ? 'user' : 'application',
      }),
      correlationId: requester.correlationId,
      ...replacesWorking(requester),
      // The action starts once its status card exists, so every update has a message to edit.
      then: { kind: 'start-machine-action', job },
    },
    { jobId: jobIdFor('status-card', requester.correlationId) },
  );
}

/** What posting an approval request needs (also used by the alert card's Request isolation button). */
export type ApprovalRequestDeps = Pick<StartDeps, 'notify' | 'defenderQueue' | 'approvals' | 'approvalTtlMs'>;

/** Creates the approval record, posts its card (attached once posted) and schedules its expiry. */
export async function requestApproval(
  deps: ApprovalRequestDeps,
  spec: ActionSpec,
  requester: Requester,
  facts?: MachineFacts,
) {
  if (spec.verb === 'scan' || spec.verb === 'collect') throw new Error(`${spec.verb} cannot need approval`);
  await postApprovalRequest(
    deps,
    {
      verb: spec.verb,
      machineId: spec.machineId,
      machineName: spec.machineName,
      reason: spec.reason,
      ...(spec.isolationType ? { isolationType: spec.isolationType } : {}),
      ...(spec.script ? { script: spec.script } : {}),
      ...(spec.args ? { args: spec.args } : {}),
      ...(facts ? { facts } : {}),
      requester: requester.actor,
      conversation: requester.conversation,
      correlationId: requester.correlationId,
    },
    replacesWorking(requester),
  );
}

/** A typed command's first card takes the place of its "working on it" message. */
function replacesWorking(requester: Requester): { replacesWorking?: true } {
  return requester.working ? { replacesWorking: true } : {};
}

/**
 * Any approval request (a machine action's, an indicator's): the record, its card where the command was
 * typed (attached once posted) and its expiry job. A re-run job gets its earlier record back (one per
 * correlation id), so the card and the expiry keep their ids and are not made twice.
 */
export async function postApprovalRequest(
  deps: ApprovalRequestDeps,
  input: NewApproval,
  options: { replacesWorking?: true } = {},
) {
  const requester = { conversation: input.conversation, correlationId: input.correlationId };
  const record = await deps.approvals.create(input);
  await deps.notify.add(
    'post',
    {
      op: 'post',
      conversation: requester.conversation,
      message: approvalCard(record),
      correlationId: requester.correlationId,
      ...options,
      then: { kind: 'attach-approval', approvalId: record.id },
    },
    { jobId: jobIdFor('approval-card', record.id) },
  );
  // At expiry a delayed job marks the request expired and updates its card.
  await deps.defenderQueue.add(
    'approval-expiry',
    { kind: 'approval-expiry', approvalId: record.id, correlationId: requester.correlationId },
    { jobId: `expiry-${record.id}`, delay: deps.approvalTtlMs + 1000 },
  );
}
