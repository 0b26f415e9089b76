// Alert triage in MDE's words: the classification -> determination table of the alert API
// (mde-api-response.md section 1.3, alerts.md names) and the one PATCH /api/alerts/{id} that changes
// an alert's status, assignee, classification, determination or comments.
import type { DefenderClient } from './client.js';
import type { EndpointInfo } from './endpoints.js';
import { alertSchema, type Alert } from './types.js';

export const ALERT_CLASSIFICATIONS = [
  'TruePositive',
  'InformationalExpectedActivity',
  'FalsePositive',
] as const;
export type AlertClassification = (typeof ALERT_CLASSIFICATIONS)[number];

/** The determinations MDE accepts with each classification, in the portal's order. */
export const DETERMINATIONS: Readonly<Record<AlertClassification, readonly string[]>> = {
  TruePositive: [
    'MultiStagedAttack',
    'MaliciousUserActivity',
    'CompromisedUser',
    'Malware',
    'Phishing',
    'UnwantedSoftware',
    'Other',
  ],
  InformationalExpectedActivity: [
    'SecurityTesting',
    'LineOfBusinessApplication',
    'ConfirmedUserActivity',
    'Other',
  ],
  FalsePositive: ['Clean', 'InsufficientData', 'Other'],
};

/** How the portal names them, for cards and choices. */
export const TRIAGE_LABELS: Readonly<Record<string, string>> = {
  TruePositive: 'True positive',
  InformationalExpectedActivity: 'Informational, expected activity',
  FalsePositive: 'False positive',
  MultiStagedAttack: 'Multi-staged attack',
  MaliciousUserActivity: 'Malicious user activity',
  CompromisedUser: 'Compromised account',
  Malware: 'Malware',
  Phishing: 'Phishing',
  UnwantedSoftware: 'Unwanted software',
  Other: 'Other',
  SecurityTesting: 'Security testing',
  LineOfBusinessApplication: 'Line-of-business application',
  ConfirmedUserActivity: 'Confirmed activity',
  Clean: 'Not malicious',
  InsufficientData: 'Not enough data to validate',
};

/**
 * Other spellings MDE's own pages and the incident API use for the same determinations (section 1.3):
 * read case-insensitively, written back in the alerts.md name.
 */
const DETERMINATION_VARIANTS: Readonly<Record<string, string>> = {
  compromisedaccount: 'CompromisedUser',
  confirmedactivity: 'ConfirmedUserActivity',
  notmalicious: 'Clean',
  noenoughdatatovalidate: 'InsufficientData',
  notenoughdatatovalidate: 'InsufficientData',
};

/** MDE's name of a determination typed in any case or variant spelling, or undefined. */
export function canonicalDetermination(word: string): string | undefined {
  const lower = word.toLowerCase();
  const variant = DETERMINATION_VARIANTS[lower];
  if (variant) return variant;
  for (const list of Object.values(DETERMINATIONS)) {
    const found = list.find((d) => d.toLowerCase() === lower);
    if (found) return found;
  }
  return undefined;
}

export function isValidPair(classification: AlertClassification, determination: string): boolean {
  return DETERMINATIONS[classification].includes(determination);
}

export function triageLabel(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  return TRIAGE_LABELS[value] ?? TRIAGE_LABELS[canonicalDetermination(value) ?? ''] ?? value;
}

/** The documented PATCH fields; only those that change are sent. */
export interface AlertUpdate {
  status?: 'New' | 'InProgress' | 'Resolved';
  assignedTo?: string;
  classification?: AlertClassification;
  determination?: string;
  comment?: string;
}

const UPDATE_ENDPOINT: EndpointInfo = {
  name: 'alerts.update',
  family: 'standard',
  appPermission: 'Alert.ReadWrite.All',
  userRole: 'Alerts investigation',
};

/** Alert ids are opaque to the bot; this is the shape MDE's take (and all the path may carry). */
export const ALERT_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

/** One PATCH with exactly the fields given (lower-case keys, as MDE's example); answers the updated alert. */
export function updateAlert(client: DefenderClient, alertId: string, update: AlertUpdate): Promise<Alert> {
  if (!ALERT_ID_PATTERN.test(alertId)) throw new Error('not an alert id');
  if (
    update.classification &&
    update.determination &&
    !isValidPair(update.classification, update.determination)
  )
    throw new Error(`${update.determination} is not a determination of ${update.classification}`);
  const body = Object.fromEntries(Object.entries(update).filter(([, value]) => value !== undefined));
  return client.call({
    endpoint: UPDATE_ENDPOINT,
    method: 'PATCH',
    path: `api/alerts/${alertId}`,
    body,
    schema: alertSchema,
    callClass: 'action',
  });
}
