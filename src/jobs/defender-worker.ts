// The defender worker's processor: runs the MDE side of a command and hands every resulting card to
// the notify queue. Only worker processes run this, so only they hold MDE tokens.
import type { Job, Queue } from 'bullmq';
import type { AuditTrail } from '../audit/index.js';
import type { ApprovalStore } from '../authz/index.js';
import { errorMessage } from '../cards/index.js';
import { expectJob, expectMachineAction, type AlertCards, type JobCommand } from '../commands/index.js';
import type { Check } from '../core/doctor.js';
import type { BotError } from '../core/errors.js';
import { systemClock, type Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { DefenderClient } from '../defender/index.js';
import { isIndicatorApproval } from '../authz/index.js';
import type { IndicatorJobSettings } from '../commands/index.js';
import { correlated, defenderJobCorrelationId } from './correlation.js';
import {
  createMachineActionProcessor,
  expireApproval,
  failUndriven,
  reportActionFailure,
  runRedrive,
  startAction,
  approvalPort,
  reportApprovedFailure,
  runApprovedRequest,
  type ActionFollows,
  type LifecycleOptions,
  type LiveSessions,
  type RedriveDeps,
} from './actions/index.js';
import { jobIdFor } from './job-ids.js';
import type { HuntCsvLinks } from './hunt-csv-links.js';
import { continuation, type PickStore } from './picks.js';
import { steerFailure, waitOutThrottle, type ThrottleGate } from './steer.js';
import type { DefenderJob, MachineActionJob, NotifyJob, Requester } from './types.js';
import type { HuntingFor } from './hunting.js';
import type { DefenderClientFor } from './user-context.js';

export interface DefenderWorkerDeps {
  defender: DefenderClient;
  notify: Queue<NotifyJob>;
  /** The approval watchdog also looks at the action job it guards (`getJobState`, `getJob`). */
  defenderQueue: Pick<Queue<DefenderJob>, 'add'> &
    Partial<Pick<Queue<DefenderJob>, 'getJobState' | 'getJob'>>;
  approvals: ApprovalStore;
  approvalTtlMs: number;
  /** `block`'s guard rails and expiry (JobContext.indicators); without them `block` is unavailable. */
  indicators?: IndicatorJobSettings;
  /** RBAC `liveResponse.scripts` (JobContext.liveResponse, for `scripts`); absent: none allowed. */
  liveResponseScripts?: readonly string[];
  /** Slots for MDE's 25 concurrent live response sessions (machine-action jobs of `run`). */
  liveSessions?: LiveSessions;
  audit: Pick<AuditTrail, 'record'>;
  logger: Logger;
  lifecycle?: Partial<LifecycleOptions>;
  /** The clock of the read commands (`alerts` windows) and the machine-action lifecycle. */
  clock?: Clock;
  /** The client per user (token-context policy); without it every job uses `defender`. */
  clientFor?: DefenderClientFor;
  /** Which job follows which machine action (JobContext.followAction); without it none is found. */
  follows?: ActionFollows;
  /** Every card of an alert (JobContext.alertCards); without it only the answer shows a change. */
  alertCards?: AlertCards;
  /** Advanced hunting (JobContext.hunting); without it `hunt` and `hunts` say it is not set up. */
  hunting?: HuntingFor;
  /** Pick lists that continue the command (machine actions and machine look-ups). */
  picks?: PickStore;
  /** Teams' signed download links, for a live response run's whole output; absent without PUBLIC_URL. */
  outputLinks?: Pick<HuntCsvLinks, 'put'>;
  /** The setup checks on this worker's configuration (JobContext.doctor). */
  doctor?: () => Promise<readonly Check[]>;
}

const NO_ALERT_CARDS: AlertCards = { refresh: () => Promise.resolve() };

/** `gate`: MDE's Retry-After after a 429, shared by this process's defender jobs. */
export function createDefenderProcessor(deps: DefenderWorkerDeps, gate?: ThrottleGate) {
  // A machine-action job is the action: its submission, status polls and adoption look-ups may use
  // the share of MDE's budget that reads (look-ups, lists, resolving a request's machine) may not.
  const { clientFor } = deps;
  const lifecycleDeps = {
    ...deps,
    defender: deps.defender.forMachineActions(),
    clientFor:
      clientFor &&
      (async (user: Requester['actor'], as: 'requester' | 'approver') =>
        (await clientFor(user, as)).forMachineActions()),
    options: deps.lifecycle ?? {},
  };
  const runMachineAction = createMachineActionProcessor(lifecycleDeps);

  return correlated(
    defenderJobCorrelationId,
    async (job: Job<DefenderJob>, token?: string): Promise<void> => {
      await waitOutThrottle(job, gate, token);
      const data = job.data;
      deps.logger.debug({ job: job.id, kind: data.kind, attempt: job.attemptsMade + 1 }, 'defender job');
      try {
        switch (data.kind) {
          // A job's command runs only if its verb still declares the job's way to run (a job queued before
          // a deploy may carry a verb that no longer does): otherwise it is refused, never run another way.
          case 'command':
          case 'read':
            return await runCommandJob(
              deps,
              data.command,
              data.requester,
              data.kind === 'command' && data.needsApproval === true,
            );
          case 'start-action':
            return await startAction(
              { ...deps, defender: await clientOf(deps, data.requester.actor, 'requester') },
              expectMachineAction(data.command),
              data.requester,
              data.needsApproval,
            );
          case 'machine-action':
            return await runMachineAction(job as Job<MachineActionJob>, token);
          case 'approval-expiry':
            return await expireApproval(deps, data.approvalId);
          case 'approval-redrive':
            return await runRedrive(watchdogDeps(deps), job, token);
          case 'approved-request':
            return await runApprovedRequest(deps, data.approvalId);
        }
      } catch (error) {
        if (error instanceof Error && error.name === 'DelayedError') throw error;
        return steerFailure(error, job, gate, (failure) => tellRequester(deps, job.data, failure), token);
      }
    },
  );
}

/** Runs a job verb's own job and posts its answer. */
async function runCommandJob(
  deps: DefenderWorkerDeps,
  command: JobCommand,
  requester: Requester,
  needsApproval: boolean,
) {
  const { run } = expectJob(command);
  const answer = await run({
    defender: await clientOf(deps, requester.actor, 'requester'),
    actor: requester.actor,
    now: new Date((deps.clock ?? systemClock).now()),
    approval: approvalPort(deps, requester, needsApproval),
    ...(deps.indicators ? { indicators: deps.indicators } : {}),
    ...(deps.liveResponseScripts ? { liveResponse: { scripts: deps.liveResponseScripts } } : {}),
    followAction: (actionId) => followNow(deps, actionId),
    alertCards: deps.alertCards ?? NO_ALERT_CARDS,
    ...(deps.doctor ? { doctor: deps.doctor } : {}),
    pickFor: (command, field, resolution) =>
      continuation(deps.picks, command as JobCommand, field, requester, resolution),
    ...(deps.hunting ? { hunting: deps.hunting(requester) } : {}),
  });
  if (answer.audience === 'none') return;
  const { message, audience } = answer;
  const { conversation, correlationId } = requester;
  const opts = { jobId: jobIdFor('read-result', correlationId) };
  const working = requester.working ? { replacesWorking: true as const } : {};
  if (audience === 'requester') {
    await deps.notify.add(
      'private',
      { op: 'private', conversation, user: requester.actor, message, correlationId, ...working },
      opts,
    );
  } else {
    const then = answer.showsAlert && { kind: 'attach-alert-card' as const, alertId: answer.showsAlert.id };
    await deps.notify.add(
      'post',
      { op: 'post', conversation, message, correlationId, ...working, ...(then && { then }) },
      opts,
    );
  }
}

/**
 * Has the job following `actionId` read the action's status now: a delayed job is promoted; one that
 * is running or waiting reads it anyway. False when no job of this bot follows the action.
 */
export async function followNow(
  deps: Pick<DefenderWorkerDeps, 'follows' | 'defenderQueue'>,
  actionId: string,
): Promise<boolean> {
  const jobId = await deps.follows?.jobFollowing(actionId);
  const { getJob } = deps.defenderQueue;
  if (jobId === undefined || getJob === undefined) return false;
  const job = await getJob.call(deps.defenderQueue, jobId);
  if (!job) return false;
  if (await job.isDelayed()) {
    // It may have left the delayed set since we looked: then it is running and reads the status itself.
    await job.promote().catch(() => undefined);
  }
  return true;
}

/** The user hears about every failure that ends a job, in plain words. */
async function tellRequester(deps: DefenderWorkerDeps, data: DefenderJob, failure: BotError) {
  deps.logger.warn(
    { code: failure.code, details: failure.details, kind: data.kind, err: failure.cause ?? failure },
    'defender job gave up',
  );
  if (data.kind === 'approval-expiry') return;
  if (data.kind === 'approval-redrive') return failUndriven(watchdogDeps(deps), data.approvalId);
  if (data.kind === 'approved-request') {
    const record = await deps.approvals.get(data.approvalId);
    if (record && isIndicatorApproval(record)) await reportApprovedFailure(deps, record, failure);
    return;
  }
  if (data.kind === 'machine-action') {
    // The card names the context the action ran (or would have run) in.
    const defender = await clientOf(
      deps,
      data.approver ?? data.requester.actor,
      data.approver ? 'approver' : 'requester',
    ).catch(() => undefined);
    return reportActionFailure({ ...deps, ...(defender ? { defender } : {}) }, data, failure);
  }
  const title =
    failure.code === 'NOT_FOUND'
      ? 'Not found'
      : failure.retryable
        ? 'Defender is not answering'
        : 'Request refused';
  const hint = failure.retryable ? 'The bot retried several times; try again in a few minutes.' : undefined;
  await deps.notify.add('private', {
    op: 'private',
    conversation: data.requester.conversation,
    user: data.requester.actor,
    message: errorMessage(title, failure.userMessage, hint),
    correlationId: data.requester.correlationId,
    ...('working' in data.requester && data.requester.working ? { replacesWorking: true as const } : {}),
    failure: true,
  });
}

/** The watchdog reads the time from the approvals store's own clock. */
function watchdogDeps(deps: DefenderWorkerDeps): RedriveDeps {
  const queue = deps.defenderQueue;
  if (!canLookUpJobs(queue))
    throw new Error(
      'This worker was given no way to look up jobs; approval watchdogs need the defender queue.',
    );
  return { ...deps, defenderQueue: queue };
}

function canLookUpJobs(queue: DefenderWorkerDeps['defenderQueue']): queue is RedriveDeps['defenderQueue'] {
  return typeof queue.getJobState === 'function' && typeof queue.getJob === 'function';
}

function clientOf(deps: DefenderWorkerDeps, user: Requester['actor'], as: 'requester' | 'approver') {
  return deps.clientFor ? deps.clientFor(user, as) : Promise.resolve(deps.defender);
}
