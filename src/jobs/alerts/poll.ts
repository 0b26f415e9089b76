// One alert poll: fetch what changed in MDE since the cursor, hand every announcement and card
// update to the notify queue under ids that make a repeat harmless, and only then move the cursor.
// A poll that fails anywhere leaves the cursor, so the next poll sees the same alerts again.
import type { Queue } from 'bullmq';
import { systemClock, type Clock } from '../../core/clock.js';
import type { MessageRef } from '../../core/interaction.js';
import type { Logger } from '../../core/logger.js';
import { severitiesAtLeast, severityRank, type Alert, type DefenderClient } from '../../defender/index.js';
import type { NotifyJob } from '../types.js';
import type { PollCursor } from './cursor.js';
import { alertJobIds } from './keys.js';
import { alertMachineName, alertMessage } from '../../cards/index.js';
import { digestMessage } from './messages.js';
import { matchesSubscription, planForSubscription, shownState, type PollPlan } from './plan.js';
import type { AlertCardIndex } from './cards.js';
import type { AlertInfoStore, SentRecord, SentStore } from './sent.js';
import type { Subscription, SubscriptionStore } from './subscriptions.js';

export interface AlertPollOptions {
  pollIntervalMs: number;
  digestThreshold: number;
  /** Re-read this much before the cursor: MDE clock skew and late writes. */
  overlapMs: number;
  /** Gap between posts to one channel in one poll (Slack allows about one message a second). */
  channelSpacingMs: number;
}

export const DEFAULT_ALERT_POLL = { overlapMs: 2 * 60_000, channelSpacingMs: 1100 } as const;

export interface AlertPollDeps extends AlertPollOptions {
  defender: Pick<DefenderClient, 'listAlerts'>;
  notify: Pick<Queue<NotifyJob>, 'add'>;
  subscriptions: Pick<SubscriptionStore, 'list'>;
  sent: SentStore;
  info: Pick<AlertInfoStore, 'put'>;
  cursor: PollCursor;
  /**
   * Every card of an alert (jobs/alerts/cards.ts): a change seen by the poll redraws those too (an
   * `alert` answer, a card someone clicked), not only the subscription's own. Absent: only the latter.
   */
  cards?: Pick<AlertCardIndex, 'list'>;
  logger: Logger;
  clock?: Clock;
  /** Runs after the fetch and before anything is queued (tests inject a crash here). */
  afterFetch?: (alerts: readonly Alert[]) => void | Promise<void>;
}

export interface PollSummary {
  fetched: number;
  announced: number;
  digests: number;
  updates: number;
  cursor: string | undefined;
}

export async function pollAlerts(deps: AlertPollDeps): Promise<PollSummary> {
  const now = (deps.clock ?? systemClock).now();
  const subscriptions = await deps.subscriptions.list();
  const cursor = (await deps.cursor.read()) ?? new Date(now - deps.pollIntervalMs);
  const summary: PollSummary = {
    fetched: 0,
    announced: 0,
    digests: 0,
    updates: 0,
    cursor: cursor.toISOString(),
  };
  if (subscriptions.length === 0) return summary;

  const lowest = subscriptions
    .map((s) => s.minSeverity)
    .sort((a, b) => severityRank(a) - severityRank(b))[0]!;
  const alerts = await deps.defender.listAlerts({
    updatedSince: new Date(cursor.getTime() - deps.overlapMs),
    severities: severitiesAtLeast(lowest),
  });
  summary.fetched = alerts.length;
  await deps.afterFetch?.(alerts);

  for (const subscription of subscriptions) {
    const plan = await planFor(deps, subscription, alerts);
    await handOver(deps, subscription, plan, new Date(now).toISOString());
    summary.announced += plan.announce.length;
    summary.digests += plan.digest ? 1 : 0;
    summary.updates += plan.updates.length;
    await deps.sent.prune(subscription.key, now);
  }

  const newest = Math.max(
    ...alerts
      .map((a) => (a.lastUpdateTime ? Date.parse(a.lastUpdateTime) : Number.NaN))
      .filter(Number.isFinite),
  );
  if (Number.isFinite(newest)) summary.cursor = (await deps.cursor.advance(new Date(newest))).toISOString();
  return summary;
}

async function planFor(
  deps: AlertPollDeps,
  subscription: Subscription,
  alerts: readonly Alert[],
): Promise<PollPlan> {
  const matching = alerts.filter((alert) => matchesSubscription(subscription, alert));
  const sent = await deps.sent.read(
    subscription.key,
    matching.map((a) => a.id),
  );
  return planForSubscription({
    subscription,
    alerts: matching,
    sent,
    digestThreshold: deps.digestThreshold,
    graceMs: deps.overlapMs,
  });
}

/** Queues the plan's messages, then records them; a crash in between repeats only no-op adds. */
async function handOver(
  deps: AlertPollDeps,
  subscription: Subscription,
  plan: PollPlan,
  at: string,
): Promise<void> {
  const { key, conversation } = subscription;
  let slot = 0;
  const delay = () => slot++ * deps.channelSpacingMs;
  const queued = new Map<string, SentRecord>();
  const changed = new Map<string, SentRecord>();

  for (const alert of plan.announce) {
    if (alert.machineId)
      await deps.info.put({
        alertId: alert.id,
        machineId: alert.machineId,
        machineName: alertMachineName(alert),
        title: alert.title ?? alert.id,
      });
    const shown = shownState(alert);
    await deps.notify.add(
      'post',
      {
        op: 'post',
        conversation,
        message: alertMessage(alert),
        correlationId: `alert-${alert.id}`,
        then: { kind: 'attach-alert', subscriptionKey: key, alertId: alert.id, shown },
      },
      { jobId: alertJobIds.post(key, alert.id), delay: delay() },
    );
    queued.set(alert.id, { state: 'queued', ...shown, at });
  }
  if (plan.digest) {
    const ids = plan.digest.map((a) => a.id);
    await deps.notify.add(
      'post',
      {
        op: 'post',
        conversation,
        message: digestMessage(plan.digest),
        correlationId: `alert-digest-${ids.length}`,
      },
      { jobId: alertJobIds.digest(key, ids), delay: delay() },
    );
    for (const alert of plan.digest) queued.set(alert.id, { state: 'digest', ...shownState(alert), at });
  }
  for (const { alert, record } of plan.updates) {
    const shown = shownState(alert);
    const state = `${shown.status}|${shown.assignedTo ?? ''}|${alert.lastUpdateTime ?? ''}`;
    const message = alertMessage(alert);
    const correlationId = `alert-${alert.id}`;
    await deps.notify.add(
      'update',
      { op: 'update', ref: record.ref, message, correlationId },
      { jobId: alertJobIds.update(key, alert.id, state), delay: delay() },
    );
    // The alert's other cards (outside any subscription's record): one update each, whichever
    // subscription's poll sees the change first, so the same job id across subscriptions.
    for (const other of (await deps.cards?.list(alert.id)) ?? []) {
      if (sameMessage(other, record.ref)) continue;
      await deps.notify.add(
        'update',
        { op: 'update', ref: other, message, correlationId },
        {
          jobId: alertJobIds.update(
            `${other.conversation.platform}:${other.conversation.id}:${other.messageId}`,
            alert.id,
            state,
          ),
        },
      );
    }
    changed.set(alert.id, { ...record, ...shown, at });
  }
  await deps.sent.write(key, queued, 'ifAbsent');
  await deps.sent.write(key, changed, 'replace');
}

function sameMessage(a: MessageRef, b: MessageRef): boolean {
  return (
    a.messageId === b.messageId &&
    a.conversation.id === b.conversation.id &&
    a.conversation.platform === b.conversation.platform
  );
}
