// One alert as a chat card: its state, triage, evidence and latest comments, with the triage forms
// (Resolve…, Comment…) built in. Subscription posts, `alert` answers and every in-place update use it.
import type { AdaptiveCardJson, OutgoingMessage } from '../../core/interaction.js';
import {
  ALERT_CLASSIFICATIONS,
  DETERMINATIONS,
  TRIAGE_LABELS,
  triageLabel,
  type Alert,
} from '../../defender/index.js';
import { renderCard } from '../render.js';
import type { AlertCardData, AlertEvidenceRow, VerdictChoice } from '../types.js';
import { withForms } from './forms.js';
import { portalLinks } from './portal.js';
import { cardSeverity } from './view.js';

const EPOCH = '1970-01-01T00:00:00Z';
/** A card stays readable (and within Slack's block limits) with this many of each. */
export const EVIDENCE_SHOWN = 8;
export const COMMENTS_SHOWN = 3;

export function alertMachineName(alert: Alert): string {
  return alert.computerDnsName ?? alert.machineId ?? 'unknown machine';
}

/** Every valid classification-with-determination pair, classification by classification. */
export const VERDICT_CHOICES: readonly VerdictChoice[] = ALERT_CLASSIFICATIONS.flatMap((classification) =>
  DETERMINATIONS[classification].map((determination) => ({
    title: `${TRIAGE_LABELS[classification]}: ${TRIAGE_LABELS[determination] ?? determination}`,
    value: `${classification}:${determination}`,
  })),
);

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/** One evidence item in a line, by its entity type (MDE fills only the keys that apply). */
function evidenceRow(item: Readonly<Record<string, unknown>>): AlertEvidenceRow | undefined {
  const type = text(item.entityType) ?? 'Evidence';
  const hash = text(item.sha256) ?? text(item.sha1);
  const file = text(item.fileName);
  const withHash = (name: string) => (hash ? `${name} (${hash})` : name);
  switch (type) {
    case 'File':
    case 'Process':
      return file || hash ? { kind: type, value: withHash(file ?? 'file') } : undefined;
    case 'Ip':
      return text(item.ipAddress) ? { kind: 'IP address', value: text(item.ipAddress)! } : undefined;
    case 'Url':
      return text(item.url) ? { kind: 'URL', value: text(item.url)! } : undefined;
    case 'User': {
      const account = text(item.accountName);
      const domain = text(item.domainName);
      const value = text(item.userPrincipalName) ?? (account && domain ? `${domain}\\${account}` : account);
      return value ? { kind: 'User', value } : undefined;
    }
    default: {
      const value = text(item.ipAddress) ?? text(item.url) ?? file ?? hash;
      return value ? { kind: type, value } : undefined;
    }
  }
}

function evidenceRows(alert: Alert): AlertEvidenceRow[] {
  const seen = new Set<string>();
  const rows: AlertEvidenceRow[] = [];
  for (const item of alert.evidence) {
    const row = evidenceRow(item);
    const key = row && `${row.kind}|${row.value}`;
    if (!row || !key || seen.has(key)) continue;
    seen.add(key);
    rows.push(row);
    if (rows.length === EVIDENCE_SHOWN) break;
  }
  return rows;
}

export function alertCardData(alert: Alert): AlertCardData {
  const comments = alert.comments.filter((c) => text(c.comment) !== undefined);
  const classification = triageLabel(alert.classification);
  const determination = triageLabel(alert.determination);
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
    ...(classification ? { classification } : {}),
    ...(determination ? { determination } : {}),
    evidence: evidenceRows(alert),
    comments: comments.slice(-COMMENTS_SHOWN).map((c) => ({
      text: text(c.comment)!,
      by: text(c.createdBy) ?? 'unknown',
      at: c.createdTime ?? EPOCH,
    })),
    olderComments: Math.max(0, comments.length - COMMENTS_SHOWN),
    portalUrl: portalLinks.alert(alert.id),
  };
}

/** The card behind "Resolve…": the valid pairs as one choice list, and a comment. */
export function resolveForm(alert: Pick<Alert, 'id' | 'title'>): AdaptiveCardJson {
  return renderCard('alert-resolve', {
    id: alert.id,
    title: alert.title ?? alert.id,
    verdicts: [...VERDICT_CHOICES],
  });
}

/** The card behind "Comment…". */
export function commentForm(alert: Pick<Alert, 'id' | 'title'>): AdaptiveCardJson {
  return renderCard('alert-comment', { id: alert.id, title: alert.title ?? alert.id });
}

/** The show-card actions of the alert card carry the forms (Teams shows them in place; Slack as a modal). */
function alertForms(alert: Alert): Record<string, AdaptiveCardJson> {
  return { 'alert-resolve': resolveForm(alert), 'alert-comment': commentForm(alert) };
}

export function alertMessage(alert: Alert): OutgoingMessage {
  const data = alertCardData(alert);
  const state = alert.status === 'New' ? '' : ` [${alert.status}]`;
  return {
    card: withForms(renderCard('alert', data), alertForms(alert)),
    text: `${data.severity} alert on ${data.machineName}: ${data.title}${state}`,
  };
}
