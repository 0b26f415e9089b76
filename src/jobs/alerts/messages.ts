// Alert notifications as chat messages: one card per alert, or one digest card for a storm.
import {
  alertRow,
  cardSeverity,
  portalLinks,
  renderCard,
  type AlertCardData,
  type AlertSeverityCounts,
} from '../../cards/index.js';
import type { OutgoingMessage } from '../../core/interaction.js';
import { severityRank, type Alert } from '../../defender/index.js';

const EPOCH = '1970-01-01T00:00:00Z';
export const DIGEST_TOP = 5;

export function alertMachineName(alert: Alert): string {
  return alert.computerDnsName ?? alert.machineId ?? 'unknown machine';
}

export function alertCardData(alert: Alert): AlertCardData {
  return {
    id: alert.id,
    title: alert.title ?? '(untitled alert)',
    severity: cardSeverity(alert.severity),
    machineId: alert.machineId ?? 'unknown',
    machineName: alertMachineName(alert),
    category: alert.category ?? 'Unknown',
    detectionSource: alert.detectionSource ?? 'Unknown',
    mitreTechniques: alert.mitreTechniques.slice(0, 20),
    createdAt: alert.alertCreationTime ?? EPOCH,
    ...(alert.firstEventTime ? { firstEventAt: alert.firstEventTime } : {}),
    ...(alert.lastEventTime ? { lastEventAt: alert.lastEventTime } : {}),
    status: alert.status,
    ...(alert.assignedTo ? { assignedTo: alert.assignedTo } : {}),
    portalUrl: portalLinks.alert(alert.id),
  };
}

export function alertMessage(alert: Alert): OutgoingMessage {
  const data = alertCardData(alert);
  const state = alert.status === 'New' ? '' : ` [${alert.status}]`;
  return {
    card: renderCard('alert', data),
    text: `${data.severity} alert on ${data.machineName}: ${data.title}${state}`,
  };
}

/** Most severe first, then newest first: what a reader of a storm should see at the top. */
function importance(a: Alert, b: Alert): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    (b.alertCreationTime ?? '').localeCompare(a.alertCreationTime ?? '')
  );
}

export function digestMessage(alerts: readonly Alert[]): OutgoingMessage {
  const counts: AlertSeverityCounts = { high: 0, medium: 0, low: 0, informational: 0 };
  for (const alert of alerts)
    counts[cardSeverity(alert.severity).toLowerCase() as keyof AlertSeverityCounts] += 1;
  const topAlerts = [...alerts].sort(importance).slice(0, DIGEST_TOP).map(alertRow);
  const card = renderCard('alert-digest', {
    total: alerts.length,
    counts,
    topAlerts,
    portalUrl: portalLinks.alertQueue(),
  });
  const text = `${alerts.length} new Defender alerts: ${counts.high} high, ${counts.medium} medium, ${counts.low} low, ${counts.informational} informational`;
  return { card, text };
}
