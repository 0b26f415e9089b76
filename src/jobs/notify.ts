// The notify worker's processor: every chat post and update goes through here, with retries, so a
// chat API hiccup delays a result but never loses it.
import type { Job } from 'bullmq';
import type { Logger } from '../core/logger.js';
import type { MessageRef, Platform, Reply } from '../core/interaction.js';
import { steerFailure, type RateLimitable } from './steer.js';
import type { NotifyJob } from './types.js';

export interface NotifyDeps {
  replies: Partial<Record<Platform, Reply>>;
  logger: Logger;
  /** Remembers where an approval card landed so later transitions update it in place. */
  attachApprovalMessage?: (approvalId: string, ref: MessageRef) => Promise<void>;
  onSent?: (platform: Platform, outcome: 'ok' | 'failed') => void;
}

export function createNotifyProcessor(deps: NotifyDeps, worker: () => RateLimitable | undefined) {
  return async (job: Job<NotifyJob>): Promise<{ messageId?: string }> => {
    const data = job.data;
    const platform = data.op === 'update' ? data.ref.conversation.platform : data.conversation.platform;
    const reply = deps.replies[platform];
    const log = deps.logger.child({ correlationId: data.correlationId, job: job.id, op: data.op, platform });
    if (!reply) {
      log.error('no chat adapter for this platform in this process; the message cannot be delivered');
      throw new Error(`No Reply for platform ${platform}`);
    }
    try {
      const result = await send(reply, data);
      if (data.op === 'post' && data.attachToApproval && result) {
        await deps.attachApprovalMessage?.(data.attachToApproval, result);
      }
      deps.onSent?.(platform, 'ok');
      return result ? { messageId: result.messageId } : {};
    } catch (error) {
      return steerFailure(error, job, worker(), (failure) => {
        deps.onSent?.(platform, 'failed');
        // Nowhere left to tell the user: the chat itself refuses. Log loudly with the reason.
        log.error({ code: failure.code, reason: failure.message }, 'chat message could not be delivered');
        return Promise.resolve();
      });
    }
  };
}

async function send(reply: Reply, data: NotifyJob): Promise<MessageRef | undefined> {
  switch (data.op) {
    case 'post':
      return reply.post(data.conversation, data.message);
    case 'update':
      await reply.update(data.ref, data.message);
      return undefined;
    case 'private':
      await reply.postPrivate(data.conversation, data.user, data.message);
      return undefined;
  }
}
