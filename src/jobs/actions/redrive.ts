// Makes "approved" always end in an MDE action or a visible failure. Each approval gets a watchdog
// job before it is written (so no crash or Redis error between the decision and queueing the action
// leaves it unwatched); after a grace period the watchdog queues the action again under its one
// deterministic id, or ends the request visibly failed when its action job died without saying so.
import { DelayedError, type Job, type Queue } from 'bullmq';
import {
  isIndicatorApproval,
  type ApprovalRecord,
  type ApprovalStore,
  type MachineApprovalRecord,
} from '../../authz/index.js';
import { BotError } from '../../core/errors.js';
import type { DefenderJob, MachineActionJob } from '../types.js';
import { enqueueMachineAction } from '../queues.js';
import { approvedRequestJob, reportApprovedFailure } from './approved.js';
import { reportActionFailure, type LifecycleDeps } from './lifecycle.js';

/** How long after an approval its action job may take to record an MDE action id or a failure. */
export const APPROVAL_REDRIVE_GRACE_MS = 2 * 60_000;
/** The watchdog stops looking after this many checks (a live action job reports its own end). */
const MAX_ROUNDS = 500;

export const approvalActionJobId = (approvalId: string): string => `approval-${approvalId}`;
export const approvalRedriveJobId = (approvalId: string): string => `approval-redrive-${approvalId}`;

type RedriveQueue = Pick<Queue<DefenderJob>, 'add' | 'getJobState' | 'getJob'>;

export interface RedriveDeps extends Omit<LifecycleDeps, 'approvals'> {
  approvals: Pick<ApprovalStore, 'get' | 'markExecuted' | 'markFailed' | 'now'>;
  defenderQueue: RedriveQueue;
  /** Defaults to APPROVAL_REDRIVE_GRACE_MS. */
  redriveGraceMs?: number;
}

/**
 * Schedules the watchdog of an approval (one per approval: a second add is ignored while the first
 * lives, and the first lives until the request is over). Call it before approving: if it throws,
 * nothing may be approved.
 */
export function scheduleRedrive(
  queue: Pick<Queue<DefenderJob>, 'add'>,
  record: ApprovalRecord,
  delayMs = APPROVAL_REDRIVE_GRACE_MS,
): Promise<unknown> {
  return queue.add(
    'approval-redrive',
    { kind: 'approval-redrive', approvalId: record.id, correlationId: record.correlationId },
    { jobId: approvalRedriveJobId(record.id), delay: delayMs },
  );
}

/** The machine-action job an approved request becomes; it runs for whoever approved it. */
export function approvedActionJob(record: MachineApprovalRecord): MachineActionJob {
  return {
    kind: 'machine-action',
    action: {
      verb: record.verb,
      machineId: record.machineId,
      machineName: record.machineName,
      reason: record.reason,
      ...(record.isolationType ? { isolationType: record.isolationType } : {}),
      ...(record.script ? { script: record.script } : {}),
      ...(record.args ? { args: record.args } : {}),
    },
    requester: {
      actor: record.requester,
      conversation: record.conversation,
      correlationId: record.correlationId,
    },
    approvalId: record.id,
    ...(record.decidedBy ? { approver: record.decidedBy } : {}),
  };
}

/**
 * Queues what the approved request becomes (a machine action, or an indicator's approved run) under its
 * deterministic id: a no-op while that job exists.
 */
export function enqueueApprovedAction(
  queue: Pick<Queue<DefenderJob>, 'add'>,
  record: ApprovalRecord,
): Promise<unknown> {
  const jobId = approvalActionJobId(record.id);
  if (isIndicatorApproval(record))
    return queue.add('approved-request', approvedRequestJob(record), { jobId, lifo: true });
  return enqueueMachineAction(queue, approvedActionJob(record), jobId);
}

export type RedriveVerdict = { kind: 'done' } | { kind: 'wait'; ms: number };

/** One look at the approval: what (if anything) to do now, and whether to look again. */
export async function checkApproval(deps: RedriveDeps, approvalId: string): Promise<RedriveVerdict> {
  const grace = deps.redriveGraceMs ?? APPROVAL_REDRIVE_GRACE_MS;
  const record = await deps.approvals.get(approvalId);
  if (!record) return { kind: 'done' };
  const now = deps.approvals.now();
  if (record.state === 'pending') {
    // A click whose approval did not land may be followed by one that does: keep watching until
    // the request is decided or expires (the expiry job marks that).
    const left = Date.parse(record.expiresAt) - now;
    return left <= 0 ? { kind: 'done' } : { kind: 'wait', ms: Math.min(grace, left) };
  }
  if (record.state !== 'approved' || record.actionId !== undefined || record.failure !== undefined)
    return { kind: 'done' };
  const due = Date.parse(record.decidedAt ?? record.createdAt) + grace;
  if (now < due) return { kind: 'wait', ms: due - now };

  const jobId = approvalActionJobId(record.id);
  const state = await deps.defenderQueue.getJobState(jobId);
  switch (state) {
    case 'unknown':
      await redrive(deps, record);
      return { kind: 'wait', ms: grace };
    case 'completed':
    case 'failed':
      await settleEndedJob(deps, record, state, await deps.defenderQueue.getJob(jobId));
      return { kind: 'done' };
    default:
      // Waiting, delayed (MDE budget, throttling) or running: it reports its own end.
      return { kind: 'wait', ms: grace };
  }
}

/**
 * Queues the action again under the same id. It starts as a retry that may already have submitted:
 * it first adopts an action of this type on the machine created since the approval, so a job that
 * did run and was since removed can never make MDE act twice.
 */
async function redrive(deps: RedriveDeps, record: ApprovalRecord): Promise<void> {
  const since = record.decidedAt ?? record.createdAt;
  deps.logger.warn({ approvalId: record.id }, 'approved request has no action job; queueing it again');
  // An indicator's run looks in MDE before it writes (an indicator for the value is adopted, a deleted
  // one is "already removed"), so queueing it again is all it takes.
  if (isIndicatorApproval(record)) {
    await enqueueApprovedAction(deps.defenderQueue, record);
    return;
  }
  await enqueueMachineAction(
    deps.defenderQueue,
    { ...approvedActionJob(record), progress: { submittingSince: since } },
    approvalActionJobId(record.id),
  );
}

/** The action job ended without linking the approval (its last report failed, or it stalled out). */
async function settleEndedJob(
  deps: RedriveDeps,
  record: ApprovalRecord,
  state: 'completed' | 'failed',
  job: Job<DefenderJob> | undefined,
) {
  if (isIndicatorApproval(record)) {
    deps.logger.error(
      { approvalId: record.id },
      'approved request job ended without an outcome; marking it failed',
    );
    await reportApprovedFailure(deps, record, unfinished());
    return;
  }
  const progress = job?.data.kind === 'machine-action' ? job.data.progress : undefined;
  if (state === 'completed' && progress?.actionId) {
    await deps.approvals.markExecuted(record.id, { actionId: progress.actionId });
    return;
  }
  deps.logger.error(
    { approvalId: record.id, actionId: progress?.actionId },
    'approved action job ended without an outcome; marking it failed',
  );
  await reportActionFailure(
    deps,
    { ...approvedActionJob(record), ...(progress ? { progress } : {}) },
    unfinished(),
  );
}

const unfinished = () =>
  new BotError(
    'INTERNAL',
    'The bot could not finish this approved action. Check the Defender portal, then request it again if needed.',
  );

/**
 * When the watchdog itself gives up (its queue kept failing): an approved request it could not
 * re-drive ends visibly failed on its card instead of staying "approved" with nothing run.
 */
export async function failUndriven(deps: RedriveDeps, approvalId: string): Promise<void> {
  const record = await deps.approvals.get(approvalId);
  if (!record || record.state !== 'approved' || record.actionId !== undefined || record.failure !== undefined)
    return;
  const failure = new BotError(
    'UNAVAILABLE',
    'The approved action could not be started (the bot’s job store kept failing). Request it again.',
  );
  if (isIndicatorApproval(record)) return reportApprovedFailure(deps, record, failure);
  await reportActionFailure(deps, approvedActionJob(record), failure);
}

/** The processor for 'approval-redrive' jobs: look, then come back later as a delayed job if needed. */
export async function runRedrive(
  deps: RedriveDeps,
  job: Job<DefenderJob>,
  token: string | undefined,
): Promise<void> {
  const data = job.data;
  if (data.kind !== 'approval-redrive') return;
  const verdict = await checkApproval(deps, data.approvalId);
  if (verdict.kind === 'done') return;
  const rounds = (data.rounds ?? 0) + 1;
  if (rounds > MAX_ROUNDS || !token) {
    deps.logger.warn({ approvalId: data.approvalId, rounds }, 'approval watchdog stops looking');
    return;
  }
  await job.updateData({ ...data, rounds });
  await job.moveToDelayed(Date.now() + Math.max(1000, verdict.ms), token);
  throw new DelayedError();
}
