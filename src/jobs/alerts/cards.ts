// Every chat card showing one alert (`<prefix>:alerts:cards:<alertId>`, a hash card -> MessageRef):
// subscription posts, `alert` answers and cards someone clicked on. After a change from chat, each is
// redrawn in the alert's new state, under an edit version that keeps an older state from landing last.
import { createHash } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { alertMachineName, alertMessage } from '../../cards/index.js';
import type { AlertCards } from '../../commands/index.js';
import type { MessageRef } from '../../core/interaction.js';
import type { Logger } from '../../core/logger.js';
import type { Alert } from '../../defender/index.js';
import { sanitizeJobId } from '../job-ids.js';
import type { NotifyJob } from '../types.js';
import { alertKeys } from './keys.js';
import { shownState } from './plan.js';
import { SENT_RETENTION_MS, type AlertInfoStore, type SentStore } from './sent.js';
import type { SubscriptionStore } from './subscriptions.js';

/** An alert shown in more places than this is unusual; the oldest beyond it are no longer redrawn. */
export const MAX_CARDS_PER_ALERT = 50;

const refSchema = z.object({
  conversation: z.looseObject({ platform: z.enum(['slack', 'teams']), id: z.string().min(1) }),
  messageId: z.string().min(1),
});

const hash = (text: string): string => createHash('sha1').update(text).digest('hex').slice(0, 16);
const cardKey = (ref: MessageRef): string =>
  hash(`${ref.conversation.platform}|${ref.conversation.id}|${ref.messageId}`);

export interface AlertCardIndex {
  add(alertId: string, ref: MessageRef): Promise<void>;
  list(alertId: string): Promise<MessageRef[]>;
}

export function createAlertCardIndex(redis: Redis, prefix: string): AlertCardIndex {
  const key = (alertId: string) => alertKeys(prefix).cards(alertId);
  return {
    async add(alertId, ref) {
      await redis
        .multi()
        .hset(key(alertId), cardKey(ref), JSON.stringify({ ...ref, at: Date.now() }))
        .pexpire(key(alertId), SENT_RETENTION_MS)
        .exec();
    },
    async list(alertId) {
      const raw = await redis.hgetall(key(alertId));
      const refs: { ref: MessageRef; at: number }[] = [];
      for (const value of Object.values(raw)) {
        try {
          const json = JSON.parse(value) as { at?: unknown };
          const ref = refSchema.safeParse(json);
          if (ref.success) refs.push({ ref: ref.data as unknown as MessageRef, at: Number(json.at) || 0 });
        } catch {
          // A value that is not ours is skipped, never trusted.
        }
      }
      return refs
        .sort((a, b) => b.at - a.at)
        .slice(0, MAX_CARDS_PER_ALERT)
        .map((entry) => entry.ref);
    },
  };
}

export interface AlertCardsDeps {
  index: AlertCardIndex;
  notify: Pick<Queue<NotifyJob>, 'add'>;
  /** The poller's records: kept in step, so its next poll does not redraw the same change again. */
  sent: Pick<SentStore, 'read' | 'write'>;
  subscriptions: Pick<SubscriptionStore, 'list'>;
  /** What the card's "Request isolation" needs server-side. */
  info: Pick<AlertInfoStore, 'put'>;
  logger: Logger;
}

/** Remembers what an alert card's buttons stand for (the isolation button needs machine and title). */
export async function rememberAlert(info: Pick<AlertInfoStore, 'put'>, alert: Alert): Promise<void> {
  if (!alert.machineId) return;
  await info.put({
    alertId: alert.id,
    machineId: alert.machineId,
    machineName: alertMachineName(alert),
    title: alert.title ?? alert.id,
  });
}

/** The worker's AlertCards: every known card of the alert gets one versioned update job. */
export function createAlertCards(deps: AlertCardsDeps): AlertCards {
  return {
    async refresh(alert, clicked) {
      if (clicked) await deps.index.add(alert.id, clicked);
      await rememberAlert(deps.info, alert);
      const message = alertMessage(alert);
      const updated = alert.lastUpdateTime ? Date.parse(alert.lastUpdateTime) : Number.NaN;
      const version = Number.isFinite(updated) ? updated : Date.now();
      for (const ref of await deps.index.list(alert.id)) {
        await deps.notify.add(
          'update',
          { op: 'update', ref, message, correlationId: `alert-${alert.id}`, version },
          { jobId: `alertcard-${cardKey(ref)}-${sanitizeJobId(alert.id)}-${version}` },
        );
      }
      await keepPollerInStep(deps, alert);
    },
  };
}

async function keepPollerInStep(deps: AlertCardsDeps, alert: Alert): Promise<void> {
  const at = new Date().toISOString();
  for (const subscription of await deps.subscriptions.list()) {
    const record = (await deps.sent.read(subscription.key, [alert.id])).get(alert.id);
    if (!record?.ref) continue;
    await deps.sent.write(
      subscription.key,
      new Map([[alert.id, { ...record, ...shownState(alert), at }]]),
      'replace',
    );
  }
}
