// The notify worker's processor: every chat post and update goes through here, with retries, so a
// chat API hiccup delays a result but never loses it.
import type { Job, Queue } from 'bullmq';
import { BotError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { MessageRef, Platform, Reply } from '../core/interaction.js';
import { correlated, notifyJobCorrelationId } from './correlation.js';
import { jobIdFor } from './job-ids.js';
import { enqueueMachineAction } from './queues.js';
import { isLastAttempt, steerFailure, waitOutThrottle, type ThrottleGate } from './steer.js';
import type { DefenderJob, NotifyJob, PostContinuation } from './types.js';

export interface NotifyDeps {
  replies: Partial<Record<Platform, Reply>>;
  logger: Logger;
  /** Remembers where an approval card landed so later transitions update it in place. */
  attachApprovalMessage: (approvalId: string, ref: MessageRef) => Promise<unknown>;
  /** Remembers where an alert card landed (alert notifications); absent where alerts are off. */
  attachAlertMessage?: (
    then: Extract<PostContinuation, { kind: 'attach-alert' }>,
    ref: MessageRef,
  ) => Promise<unknown>;
  /** Adds a posted card to its alert's cards (see jobs/alerts/cards.ts). */
  attachAlertCard?: (alertId: string, ref: MessageRef) => Promise<unknown>;
  defenderQueue: Pick<Queue<DefenderJob>, 'add'>;
  /** Atomically records `version` for the message unless a newer one was recorded; false = stale. */
  claimEditVersion?: (ref: MessageRef, version: number) => Promise<boolean>;
  onSent?: (platform: Platform, outcome: 'ok' | 'failed') => void;
}

/** `gate`: Slack's Retry-After, shared by this process's notify jobs. */
export function createNotifyProcessor(deps: NotifyDeps, gate?: ThrottleGate) {
  return correlated(
    notifyJobCorrelationId,
    async (job: Job<NotifyJob>, token?: string): Promise<{ messageId?: string }> => {
      await waitOutThrottle(job, gate, token);
      const data = job.data;
      const platform = data.op === 'update' ? data.ref.conversation.platform : data.conversation.platform;
      const reply = deps.replies[platform];
      const log = deps.logger.child({ job: job.id, op: data.op, platform });
      log.debug({ attempt: job.attemptsMade + 1 }, 'notify job');
      try {
        if (!reply) throw new Error(`No chat adapter for platform ${platform} in this process`);
        if (data.op === 'update' && data.version !== undefined && deps.claimEditVersion) {
          if (!(await deps.claimEditVersion(data.ref, data.version))) {
            log.debug(
              { version: data.version },
              'a newer edit of this message was already sent; this one is dropped',
            );
            return {};
          }
        }
        if (data.op === 'upload' && data.user) {
          if (!reply.uploadPrivately) throw new Error(`The ${platform} adapter cannot send files privately`);
          await reply.uploadPrivately(data.conversation, data.user, data.file);
          deps.onSent?.(platform, 'ok');
          log.debug('file sent privately');
          return {};
        }
        if (data.op === 'upload') {
          if (!reply.uploadFile) throw new Error(`The ${platform} adapter cannot share files`);
          await reply.uploadFile(data.conversation, data.file);
          deps.onSent?.(platform, 'ok');
          log.debug('file shared');
          return {};
        }
        if (data.op === 'private' && data.replacesWorking && reply.finishWorking) {
          const finished = await reply.finishWorking(data.conversation, data.correlationId, {
            audience: data.failure ? 'failure' : 'private',
            message: data.message,
          });
          if (finished.delivered) {
            deps.onSent?.(platform, 'ok');
            log.debug(`${data.failure ? 'the failure' : 'private result'} took the working message’s place`);
            return {};
          }
          retryForWorking(finished, job);
        }
        if (data.op !== 'post') {
          await (data.op === 'update'
            ? reply.update(data.ref, data.message)
            : reply.postPrivate(data.conversation, data.user, data.message));
          deps.onSent?.(platform, 'ok');
          log.debug('chat message sent');
          return {};
        }
        let posted = data.posted ?? (await findEarlierPost(reply, job, log));
        if (!posted && data.replacesWorking && reply.finishWorking) {
          const finished = await reply.finishWorking(data.conversation, data.correlationId, {
            audience: 'public',
            message: data.message,
          });
          if (finished.delivered && finished.ref) {
            posted = finished.ref;
            deps.onSent?.(platform, 'ok');
            log.debug({ messageId: posted.messageId }, 'result took the working message’s place');
          } else retryForWorking(finished, job);
        }
        if (!posted) {
          posted = await reply.post(data.conversation, data.message, { postKey: postKey(job) });
          deps.onSent?.(platform, 'ok');
          log.debug({ messageId: posted.messageId }, 'chat message sent');
        }
        if (!data.posted) {
          // Remember the post before the continuation: a retry must not post the card twice.
          await job.updateData({ ...data, posted });
        }
        if (data.then) await continueAfterPost(deps, data.then, posted);
        return { messageId: posted.messageId };
      } catch (error) {
        return steerFailure(
          error,
          job,
          gate,
          (failure) => {
            deps.onSent?.(platform, 'failed');
            // Nowhere left to tell the user: the chat itself refuses. Log loudly with the reason.
            log.error({ code: failure.code, reason: failure.message }, 'chat message could not be delivered');
            return Promise.resolve();
          },
          token,
        );
      }
    },
  );
}

/**
 * The working message could not be changed yet (Slack answered its response_url with a 429 or an
 * error): the job tries again later rather than leave it beside the result. Its last attempt sends
 * the result anyway, so the result never waits on the working message.
 */
function retryForWorking(finished: { retry?: true }, job: Job<NotifyJob>): void {
  if (finished.retry && !isLastAttempt(job))
    throw new BotError('TRANSIENT', 'The working message could not be changed yet; trying again.');
}

/** Job ids are unique per queue for the queue's life; the queue name keeps them apart across queues. */
const postKey = (job: Job<NotifyJob>): string => `${job.queueName}:${job.id ?? ''}`;

/**
 * A post whose job started before may have reached the chat although its answer was never recorded
 * (the worker died between the two): look for it rather than post the card twice. Where the
 * platform cannot read back, or the lookup fails, the post goes ahead: a duplicate is better than a
 * lost result.
 */
async function findEarlierPost(
  reply: Reply,
  job: Job<NotifyJob>,
  log: Logger,
): Promise<MessageRef | undefined> {
  const data = job.data;
  if (data.op !== 'post' || job.attemptsStarted <= 1 || !reply.findPost) return undefined;
  try {
    const found = await reply.findPost(data.conversation, postKey(job), job.timestamp);
    if (found)
      log.info(
        { messageId: found.messageId },
        'found the message an earlier attempt posted; not posting again',
      );
    return found;
  } catch (error) {
    log.warn(
      { err: error },
      "could not look for an earlier attempt's message; posting (it may appear twice)",
    );
    return undefined;
  }
}

async function continueAfterPost(deps: NotifyDeps, then: PostContinuation, posted: MessageRef) {
  switch (then.kind) {
    case 'attach-approval':
      await deps.attachApprovalMessage(then.approvalId, posted);
      return;
    case 'start-machine-action':
      // One action job per request, however often this continuation runs.
      await enqueueMachineAction(
        deps.defenderQueue,
        { ...then.job, card: posted },
        jobIdFor('action', then.job.requester.correlationId),
      );
      return;
    case 'attach-alert':
      if (!deps.attachAlertMessage) throw new Error('This worker cannot record alert cards');
      await deps.attachAlertMessage(then, posted);
      return;
    case 'attach-alert-card':
      if (!deps.attachAlertCard) throw new Error('This worker cannot record alert cards');
      await deps.attachAlertCard(then.alertId, posted);
      return;
  }
}
