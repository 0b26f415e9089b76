// The defender worker's processor: runs the MDE side of a command and hands the resulting card to the
// notify queue. Only worker processes run this, so only they hold MDE tokens.
import type { Job, Queue } from 'bullmq';
import type { AuditTrail } from '../audit/index.js';
import { errorMessage, runRead } from '../commands/handlers/reads.js';
import type { BotError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { DefenderClient } from '../defender/index.js';
import { steerFailure, type RateLimitable } from './steer.js';
import type { DefenderJob, NotifyJob, Requester } from './types.js';

export interface DefenderJobHandlers {
  requestApproval?: (job: Job<Extract<DefenderJob, { kind: 'request-approval' }>>) => Promise<void>;
  machineAction?: (job: Job<Extract<DefenderJob, { kind: 'machine-action' }>>, token: string | undefined) => Promise<void>;
}

export interface DefenderWorkerDeps {
  defender: DefenderClient;
  notify: Queue<NotifyJob>;
  audit: AuditTrail;
  logger: Logger;
  handlers?: DefenderJobHandlers;
  now?: () => Date;
}

export function createDefenderProcessor(deps: DefenderWorkerDeps, worker: () => RateLimitable | undefined) {
  return async (job: Job<DefenderJob>, token?: string): Promise<void> => {
    const data = job.data;
    try {
      switch (data.kind) {
        case 'read':
          return await runReadJob(deps, data.command, data.requester);
        case 'request-approval':
          if (!deps.handlers?.requestApproval) throw new Error('request-approval jobs need the approvals handler');
          return await deps.handlers.requestApproval(job as Job<Extract<DefenderJob, { kind: 'request-approval' }>>);
        case 'machine-action':
          if (!deps.handlers?.machineAction) throw new Error('machine-action jobs need the machine-action handler');
          return await deps.handlers.machineAction(job as Job<Extract<DefenderJob, { kind: 'machine-action' }>>, token);
      }
    } catch (error) {
      return steerFailure(error, job, worker(), (failure) => tellRequester(deps, data, failure));
    }
  };
}

async function runReadJob(deps: DefenderWorkerDeps, command: Parameters<typeof runRead>[1], requester: Requester) {
  const message = await runRead(deps.defender, command, deps.now?.() ?? new Date());
  await deps.notify.add('post', {
    op: 'post',
    conversation: requester.conversation,
    message,
    correlationId: requester.correlationId,
  });
}

/** The user hears about every failure that ends a job, privately, in plain words. */
export async function tellRequester(deps: Pick<DefenderWorkerDeps, 'notify' | 'logger'>, data: DefenderJob, failure: BotError) {
  deps.logger.warn({ code: failure.code, details: failure.details, kind: data.kind }, 'defender job gave up');
  if (data.kind === 'machine-action') return; // the machine-action handler updates its own card
  const title = failure.code === 'NOT_FOUND' ? 'Not found' : failure.retryable ? 'Defender is not answering' : 'Request refused';
  const hint = failure.retryable ? 'The bot retried several times; try again in a few minutes.' : undefined;
  await deps.notify.add('private', {
    op: 'private',
    conversation: data.requester.conversation,
    user: data.requester.actor,
    message: errorMessage(title, failure.userMessage, hint),
    correlationId: data.requester.correlationId,
  });
}
