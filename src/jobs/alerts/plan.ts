// What one poll should do for one subscription, decided without I/O: announce new alerts (one by
// one, or as one digest in a storm) and update cards whose alert was resolved or reassigned.
import { meetsThreshold, type Alert } from '../../defender/index.js';
import type { SentRecord, ShownState } from './sent.js';
import type { Subscription } from './subscriptions.js';

export interface PollPlan {
  /** Oldest first, so the alert that waited longest is posted first. */
  announce: Alert[];
  /** Set instead of `announce` when more alerts are new than the digest threshold. */
  digest: Alert[] | undefined;
  updates: { alert: Alert; record: SentRecord & { ref: NonNullable<SentRecord['ref']> } }[];
}

export interface PlanInput {
  subscription: Subscription;
  alerts: readonly Alert[];
  sent: ReadonlyMap<string, SentRecord>;
  digestThreshold: number;
  /** Alerts created this long before the subscription still count as new (late arrivals). */
  graceMs: number;
}

export const shownState = (alert: Alert): ShownState => ({
  status: alert.status,
  assignedTo: alert.assignedTo,
});

export function matchesSubscription(subscription: Subscription, alert: Alert): boolean {
  if (!meetsThreshold(alert.severity, subscription.minSeverity)) return false;
  const groups = subscription.deviceGroups;
  return (
    !groups || groups.length === 0 || (alert.rbacGroupName !== null && groups.includes(alert.rbacGroupName))
  );
}

export function planForSubscription(input: PlanInput): PollPlan {
  const since = Date.parse(input.subscription.createdAt) - input.graceMs;
  const fresh: Alert[] = [];
  const updates: PollPlan['updates'] = [];
  for (const alert of input.alerts) {
    if (!matchesSubscription(input.subscription, alert)) continue;
    const record = input.sent.get(alert.id);
    if (!record) {
      // A channel learns of alerts raised after it subscribed, and not of ones already closed.
      const created = alert.alertCreationTime ? Date.parse(alert.alertCreationTime) : Number.NaN;
      if (alert.status !== 'Resolved' && !(created < since)) fresh.push(alert);
      continue;
    }
    if (record.ref && (record.status !== alert.status || record.assignedTo !== alert.assignedTo)) {
      updates.push({ alert, record: { ...record, ref: record.ref } });
    }
  }
  fresh.sort((a, b) => (a.alertCreationTime ?? '').localeCompare(b.alertCreationTime ?? ''));
  const storm = fresh.length > input.digestThreshold;
  return { announce: storm ? [] : fresh, digest: storm ? fresh : undefined, updates };
}
