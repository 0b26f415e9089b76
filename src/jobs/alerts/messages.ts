// Alert notifications as chat messages: one card per alert (cards/presenters), or one digest card for a storm.
import {
  alertRow,
  cardSeverity,
  portalLinks,
  renderCard,
  type AlertSeverityCounts,
} from '../../cards/index.js';
import type { OutgoingMessage } from '../../core/interaction.js';
import { severityRank, type Alert } from '../../defender/index.js';

export const DIGEST_TOP = 5;

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
