// Runs one machine action from submission to a final status without holding a worker slot while
// MDE works: submit (or adopt / attach), record the action id on the job, then re-check as a delayed
// job with growing delays until Succeeded, Failed, TimeOut or Cancelled — or our own time limit.
import { DelayedError, type Job, type Queue } from 'bullmq';
import { recordBestEffort, type AuditEvent, type AuditTrail } from '../../audit/index.js';
import type { ApprovalStore } from '../../authz/index.js';
import { systemClock, type Clock } from '../../core/clock.js';
import { BotError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { MessageRef, OutgoingMessage } from '../../core/interaction.js';
import { FINAL_ACTION_STATUSES, type DefenderClient, type MachineAction } from '../../defender/index.js';
import type { MachineActionJob, NotifyJob } from '../types.js';
import type { DefenderClientFor } from '../user-context.js';
import { actionComment, actionStatusCardOf } from '../../commands/index.js';
import { bestEffort, type ActionFollows } from './follows.js';
import { readRunOutput, scriptLine, sendRunOutput } from './live-output.js';
import type { LiveSessions } from './live-sessions.js';
import { mdeActionType, submitAction } from './spec.js';

export interface LifecycleOptions {
  /** First delay between status reads; doubles each time up to `maxPollDelayMs`. */
  firstPollDelayMs: number;
  maxPollDelayMs: number;
  /** After this long without a final status the bot stops following and says so. */
  overallLimitMs: number;
  /** How far before our first attempt an adopted action may have been created (clock skew). */
  adoptionSkewMs: number;
}

export const DEFAULT_LIFECYCLE: LifecycleOptions = {
  firstPollDelayMs: 5_000,
  maxPollDelayMs: 60_000,
  overallLimitMs: 2 * 3_600_000,
  adoptionSkewMs: 60_000,
};

export interface LifecycleDeps {
  defender: DefenderClient;
  notify: Pick<Queue<NotifyJob>, 'add'>;
  approvals: Pick<ApprovalStore, 'get' | 'markExecuted' | 'markFailed'>;
  audit: Pick<AuditTrail, 'record'>;
  logger: Logger;
  options?: Partial<LifecycleOptions>;
  /** Epoch ms; the first attempt, the submitting mark and the overall time limit read it. */
  clock?: Clock;
  /** The client per user: an approved action runs as its approver, others as the requester. */
  clientFor?: DefenderClientFor;
  /** Where each followed action's job is noted, so a `cancel` can have it read the status at once. */
  follows?: ActionFollows;
  /** Slots for live response sessions (`run`); absent: MDE's 25-session limit is not kept here. */
  liveSessions?: LiveSessions;
}

export function createMachineActionProcessor(shared: LifecycleDeps) {
  const options = { ...DEFAULT_LIFECYCLE, ...shared.options };
  const clock = shared.clock ?? systemClock;
  const now = () => clock.now();

  return async (job: Job<MachineActionJob>, token: string | undefined): Promise<void> => {
    const data = job.data;
    const deps = shared.clientFor
      ? {
          ...shared,
          defender: await shared.clientFor(
            data.approver ?? data.requester.actor,
            data.approver ? 'approver' : 'requester',
          ),
        }
      : shared;
    const progress = { ...data.progress };
    progress.firstAttemptAt ??= new Date(now()).toISOString();
    let action: MachineAction;
    if (progress.actionId === undefined) {
      // Marked before the POST: an attempt that finds the mark without an id may have submitted
      // (killed in between, or the answer was lost), so it looks in MDE before posting again.
      const maybeSubmitted = progress.submittingSince !== undefined;
      progress.submittingSince ??= new Date(now()).toISOString();
      await job.updateData({ ...data, progress });
      try {
        action = await submitOnce(deps, data, progress.submittingSince, maybeSubmitted, options);
      } catch (error) {
        if (definitelyNotSubmitted(error)) {
          await job.updateData({ ...data, progress: { ...progress, submittingSince: undefined } });
        }
        throw error;
      }
      progress.actionId = action.id;
      // Before anything else: a retry must find the id here and never submit again.
      await job.updateData({ ...data, progress });
      const { follows } = deps;
      if (follows && job.id !== undefined) {
        const jobId = job.id;
        await bestEffort(deps.logger, 'note which job follows the action', () =>
          follows.record(action.id, jobId),
        );
      }
      await onSubmitted(deps, data, action);
    } else {
      // An earlier attempt may have submitted but failed to link the approval (Redis error): link it
      // now, so the approval never reads "approved, nothing run" (a no-op once linked).
      if (data.approvalId)
        await deps.approvals.markExecuted(data.approvalId, { actionId: progress.actionId });
      action = await deps.defender.getMachineAction(progress.actionId);
    }

    if (FINAL_ACTION_STATUSES.has(action.status)) return finish(deps, data, action);
    if (now() - Date.parse(progress.firstAttemptAt) > options.overallLimitMs) {
      return finish(deps, data, action, 'the bot stopped following it; check the Defender portal');
    }
    const polls = (progress.polls ?? 0) + 1;
    await job.updateData({ ...data, progress: { ...progress, polls } });
    await updateCard(deps, data, action);
    const delay = Math.min(options.maxPollDelayMs, options.firstPollDelayMs * 2 ** Math.min(polls - 1, 16));
    await job.moveToDelayed(now() + delay, token);
    throw new DelayedError();
  };
}

/** Failures that prove MDE never created the action (refused, or never sent). */
function definitelyNotSubmitted(error: unknown): boolean {
  return (
    error instanceof BotError &&
    ['THROTTLED', 'INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'UNAUTHORIZED'].includes(error.code)
  );
}

/**
 * Submits the action exactly once as far as MDE can tell. MDE has no idempotency key, so a retried
 * attempt first adopts an action of the same type on the machine created since our first attempt
 * (we may have been killed between the POST and recording its id), and a duplicate-pending refusal
 * attaches to the pending action instead of failing.
 */
async function submitOnce(
  deps: LifecycleDeps,
  data: MachineActionJob,
  submittingSince: string,
  maybeSubmitted: boolean,
  options: LifecycleOptions,
): Promise<MachineAction> {
  const type = mdeActionType(data.action.verb);
  if (maybeSubmitted) {
    const since = new Date(Date.parse(submittingSince) - options.adoptionSkewMs);
    const existing = await deps.defender.listMachineActions(
      { machineId: data.action.machineId, type, createdSince: since },
      { top: 10 },
    );
    const adoptable = existing.find(
      (a) =>
        !FINAL_ACTION_STATUSES.has(a.status) ||
        Date.parse(a.creationDateTimeUtc) >= Date.parse(submittingSince),
    );
    if (adoptable) {
      deps.logger.info({ actionId: adoptable.id }, 'adopting an action MDE already has');
      return adoptable;
    }
  }
  const comment = actionComment(data.action.reason, data.requester.actor, data.approver);
  if (data.action.verb === 'run' && deps.liveSessions) {
    const slot = await deps.liveSessions.take(data.requester.correlationId);
    if (!slot.ok)
      throw new BotError(
        'THROTTLED',
        'Defender runs at most 25 live response sessions at once; this one waits its turn.',
        { retryAfterMs: slot.waitMs, details: { local: true, endpoint: 'live response sessions' } },
      );
  }
  try {
    return await submitAction(deps.defender, data.action, comment);
  } catch (error) {
    if (!(error instanceof BotError) || error.code !== 'ACTIVE_REQUEST_EXISTS') throw error;
    // One live response session per device: another one (anyone's) is running there. Adopting it would
    // send someone else's output to this requester, so the request ends, said in plain words.
    if (data.action.verb === 'run')
      throw new BotError(
        'ACTIVE_REQUEST_EXISTS',
        `A live response session is already running on ${data.action.machineName} (Defender allows one per device). Nothing was run; ask again once it has finished, or cancel it first.`,
        { cause: error, details: error.details },
      );
    const pending = await deps.defender.listMachineActions(
      { machineId: data.action.machineId, type },
      { top: 10 },
    );
    const active = pending.find((a) => !FINAL_ACTION_STATUSES.has(a.status));
    if (!active)
      throw new BotError('TRANSIENT', 'Defender reported a pending action but lists none; retrying.', {
        cause: error,
      });
    return active;
  }
}

/** What every audit entry about this action carries; the actor is whoever's decision made it run. */
function auditFields(data: MachineActionJob, actionId: string | undefined, tokenContext: 'app' | 'user') {
  return {
    at: new Date().toISOString(),
    correlationId: data.requester.correlationId,
    platform: data.requester.actor.platform,
    actorId: (data.approver ?? data.requester.actor).id,
    verb: data.action.verb,
    machineId: data.action.machineId,
    ...(actionId ? { actionId } : {}),
    tokenContext,
  };
}

/** The audit entry follows the work and never fails it: the log line is written whatever Redis does. */
function audit(deps: LifecycleDeps, event: AuditEvent): Promise<void> {
  return recordBestEffort(deps.audit, event, deps.logger);
}

async function onSubmitted(deps: LifecycleDeps, data: MachineActionJob, action: MachineAction) {
  if (data.approvalId) await deps.approvals.markExecuted(data.approvalId, { actionId: action.id });
  await audit(deps, {
    type: 'mde-submit',
    ...auditFields(data, action.id, deps.defender.tokenContext),
    reason: data.action.reason,
    details: { requester: data.requester.actor.id, approver: data.approver?.id ?? null },
  });
}

async function finish(deps: LifecycleDeps, data: MachineActionJob, action: MachineAction, note?: string) {
  let packageUrl: string | undefined;
  if (action.status === 'Succeeded' && data.action.verb === 'collect') {
    packageUrl = await deps.defender.getPackageUri(action.id);
  }
  // Read before the card turns final: a transient failure retries the job with nothing sent yet.
  const output =
    action.status === 'Succeeded' && data.action.verb === 'run'
      ? await readRunOutput(deps, action)
      : undefined;
  await updateCard(deps, data, action, note);
  if (output) {
    // The output goes to the requester alone: a script may print anything the device holds.
    await sendRunOutput(deps, data, output, (view) =>
      actionStatusCardOf({ ...statusView(deps, data, action), ...view }),
    );
  }
  if (packageUrl) {
    // The download link goes to the requester alone: the package holds forensic data.
    await deps.notify.add('private', {
      op: 'private',
      conversation: data.requester.conversation,
      user: data.requester.actor,
      message: actionStatusCardOf({ ...statusView(deps, data, action), packageUrl }),
      correlationId: data.requester.correlationId,
    });
  }
  await audit(deps, {
    type: 'mde-outcome',
    ...auditFields(data, action.id, deps.defender.tokenContext),
    outcome: note ? `${action.status} (not followed further)` : action.status,
  });
  const { follows } = deps;
  if (follows) await bestEffort(deps.logger, 'forget the followed action', () => follows.forget(action.id));
  await releaseSession(deps, data);
}

/** A final `run` gives its session slot back (a lapsed hold frees it anyway). */
async function releaseSession(deps: LifecycleDeps, data: MachineActionJob): Promise<void> {
  const { liveSessions } = deps;
  if (data.action.verb !== 'run' || !liveSessions) return;
  await bestEffort(deps.logger, 'free the live response session slot', () =>
    liveSessions.release(data.requester.correlationId),
  );
}

function statusView(
  deps: LifecycleDeps,
  data: MachineActionJob,
  action: MachineAction | undefined,
  note?: string,
) {
  return {
    verb: data.action.verb,
    actionId: action?.id,
    machineId: data.action.machineId,
    machineName: data.action.machineName,
    status: action?.status ?? 'Not submitted',
    requester: data.requester.actor,
    approver: data.approver,
    comment: action?.requestorComment ?? data.action.reason,
    createdAt: action?.creationDateTimeUtc ?? new Date().toISOString(),
    updatedAt: action?.lastUpdateDateTimeUtc ?? new Date().toISOString(),
    tokenContext: deps.defender.tokenContext === 'user' ? ('user' as const) : ('application' as const),
    ...(note ? { note } : {}),
    ...(data.action.verb === 'run' ? { script: scriptLine(data.action.script, data.action.args) } : {}),
  };
}

/** Where this action's status shows: the approval card, or the status card posted for it. */
async function cardRef(deps: LifecycleDeps, data: MachineActionJob): Promise<MessageRef | undefined> {
  if (data.card) return data.card;
  if (data.approvalId) return (await deps.approvals.get(data.approvalId))?.message;
  return undefined;
}

/** Edit versions: each status read is newer than the last; a final status outranks them all. */
export const FINAL_EDIT_VERSION = 1_000_000_000;

/** Shows `message` on this action's card, or posts it when the card is not known. */
async function show(deps: LifecycleDeps, data: MachineActionJob, message: OutgoingMessage, version: number) {
  const ref = await cardRef(deps, data);
  const correlationId = data.requester.correlationId;
  if (ref) await deps.notify.add('update', { op: 'update', ref, message, correlationId, version });
  else
    await deps.notify.add('post', {
      op: 'post',
      conversation: data.requester.conversation,
      message,
      correlationId,
    });
}

export async function updateCard(
  deps: LifecycleDeps,
  data: MachineActionJob,
  action: MachineAction | undefined,
  note?: string,
) {
  const final = note !== undefined || (action !== undefined && FINAL_ACTION_STATUSES.has(action.status));
  const version = final ? FINAL_EDIT_VERSION : (data.progress?.polls ?? 0) + 1;
  await show(deps, data, actionStatusCardOf(statusView(deps, data, action, note)), version);
}

/** When a machine-action job gives up for good: the card says so, and so does the approval record. */
export async function reportActionFailure(deps: LifecycleDeps, data: MachineActionJob, failure: BotError) {
  if (data.approvalId) await deps.approvals.markFailed(data.approvalId, failure.code);
  await releaseSession(deps, data);
  const tokenContext = failure.details.tokenContext === 'user' ? 'user' : deps.defender.tokenContext;
  await audit(deps, {
    type: 'mde-outcome',
    ...auditFields(data, data.progress?.actionId, tokenContext),
    outcome: `Failed: ${failure.code}`,
  });
  const action = data.progress?.actionId ? { id: data.progress.actionId } : undefined;
  const message = actionStatusCardOf({
    ...statusView(deps, data, undefined, failure.userMessage),
    actionId: action?.id,
    status: 'Failed',
    tokenContext: tokenContext === 'user' ? 'user' : 'application',
  });
  await show(deps, data, message, FINAL_EDIT_VERSION);
}
