// The data each card template expects, one interface per template under cards/.
// Times are ISO 8601 strings (MDE's own format is fine); they are shown as "yyyy-MM-dd HH:mm UTC".

import type { ApprovalState } from '../core/vocabulary.js';

/** MDE's severities a card shows (MDE's 'UnSpecified' is shown as Informational). */
export type AlertSeverity = 'High' | 'Medium' | 'Low' | 'Informational';
/**
 * Whose token a card says an action ran with: core's `TokenContext` ('app' | 'user') as the card
 * words it, or 'none' when no call was made yet.
 */
export type CardTokenContext = 'user' | 'application' | 'none';

export interface HelpCommand {
  verb: string;
  /** As the user types it on this platform, e.g. "/defender machine <name|id|ip>". */
  usage: string;
  description: string;
}

export interface HelpCardData {
  commands: HelpCommand[];
}

export interface WhoamiCardData {
  platform: string;
  userId: string;
  displayName?: string;
  roles: string[];
  /** The identities RBAC entries and four-eyes match this person by (aad:…, email:…, slack:…/teams:…). */
  identities: string[];
  signedIn: boolean;
  /** The signed-in Entra account (UPN), when signedIn. */
  entraAccount?: string;
  /** The context a Defender call by this user would use now. */
  tokenContext: CardTokenContext;
  /** Why that context, in plain words (e.g. "Sign in to act as yourself"). */
  tokenContextNote?: string;
}

export interface MachineCardData {
  /** MDE machine id; also the opaque id the buttons carry. */
  id: string;
  name: string;
  osPlatform: string;
  osVersion?: string;
  healthStatus: string;
  riskScore: string;
  exposureLevel: string;
  deviceGroup?: string;
  lastSeenAt: string;
  ipAddresses: string[];
  tags: string[];
  portalUrl?: string;
}

export interface MachineCandidate {
  id: string;
  name: string;
  osPlatform: string;
  lastSeenAt: string;
  deviceGroup?: string;
  /** The opaque id of this entry's "continue the command" button, when the list continues one. */
  continueId?: string;
}

export interface MachinePicklistCardData {
  /** What the user typed. */
  query: string;
  candidates: MachineCandidate[];
  /** Says more about the list, e.g. that a name search shows only the most recently seen. */
  note?: string;
  /** The continue buttons' title, e.g. "Isolate this one" (only the asker may press them). */
  continueTitle?: string;
}

export interface AlertRow {
  id: string;
  title: string;
  severity: AlertSeverity;
  machineName: string;
  createdAt: string;
  status: string;
  portalUrl: string;
}

export interface AlertsCardData {
  /** The filter in words, e.g. "High and above, last 24 hours". */
  filterDescription: string;
  /** Any order; the card lists them newest first. */
  alerts: AlertRow[];
}

export interface MachineActionRow {
  id: string;
  type: string;
  status: string;
  requestor: string;
  createdAt: string;
}

export interface MachineActionsCardData {
  machineId: string;
  machineName: string;
  /** Any order; the card lists them newest first. */
  actions: MachineActionRow[];
}

export interface ActionStatusCardData {
  actionId: string;
  type: string;
  machineId: string;
  machineName: string;
  status: string;
  requestor: string;
  approver?: string;
  comment: string;
  createdAt: string;
  updatedAt: string;
  tokenContext: CardTokenContext;
  /** Investigation package download link, only once it exists. */
  packageUrl?: string;
  /** `run`: the library script (with its arguments), and once done its exit code and first lines of output. */
  script?: string;
  exitCode?: string;
  output?: string;
  /** What happened to the rest of the output (a file, or cut), or why there is none. */
  outputNote?: string;
}

export interface ApprovalRequestCardData {
  approvalId: string;
  /** What the request is about ("web-07 (id)"); `subjectLabel` names it, "Machine" when absent. */
  machineId: string;
  machineName: string;
  subjectLabel?: string;
  action: string;
  reason: string;
  requestedBy: string;
  requestedAt: string;
  expiresAt: string;
  state: ApprovalState;
  /** Who approved or denied; absent while pending and when expired. */
  decidedBy?: string;
  decidedAt?: string;
  /** The target machine as MDE described it at the request (health, risk, open alerts…); none for indicators. */
  machineFacts?: { title: string; value: string }[];
}

export interface AlertCardData {
  id: string;
  title: string;
  severity: AlertSeverity;
  machineId: string;
  machineName: string;
  category: string;
  detectionSource: string;
  mitreTechniques: string[];
  createdAt: string;
  firstEventAt?: string;
  lastEventAt?: string;
  /** MDE status: New, InProgress or Resolved; a resolved alert's card offers no isolation. */
  status: string;
  assignedTo?: string;
  /** The portal's words for MDE's classification and determination, once set. */
  classification?: string;
  determination?: string;
  /** What MDE gives as evidence (files, processes, IPs, URLs, users), at most a few. */
  evidence: AlertEvidenceRow[];
  /** The latest comments, newest last; `olderComments` how many more MDE holds. */
  comments: AlertCommentRow[];
  olderComments: number;
  portalUrl: string;
}

export interface AlertEvidenceRow {
  kind: string;
  value: string;
}

export interface AlertCommentRow {
  text: string;
  by: string;
  at: string;
}

/** One valid classification-with-determination choice; `value` is "<Classification>:<Determination>". */
export interface VerdictChoice {
  title: string;
  value: string;
}

/** The form behind an alert card's "Resolve…" (a Teams show-card; a Slack modal). */
export interface AlertResolveFormData {
  id: string;
  title: string;
  verdicts: VerdictChoice[];
}

/** The form behind an alert card's "Comment…". */
export interface AlertCommentFormData {
  id: string;
  title: string;
}

/** The form behind a machine card's "Request isolation…": the type and the reason. */
export interface MachineIsolateFormData {
  /** MDE machine id; the submit's opaque id. */
  id: string;
  /** Absent when only the id is known (a Slack click asks for the form with the button's id alone). */
  name?: string;
}

export interface AlertSeverityCounts {
  high: number;
  medium: number;
  low: number;
  informational: number;
}

export interface AlertDigestCardData {
  total: number;
  counts: AlertSeverityCounts;
  /** The most important few; the card shows them newest first. */
  topAlerts: AlertRow[];
  /** The Defender alert queue. */
  portalUrl: string;
}

/** One MDE custom indicator as the indicators card shows it. */
export interface IndicatorRow {
  indicatorId: string;
  value: string;
  /** MDE's indicatorType, e.g. DomainName. */
  type: string;
  action: string;
  severity?: string;
  title?: string;
  createdBy?: string;
  createdAt?: string;
  expiresAt?: string;
}

/** `indicators`, and what a `block` / `unblock` did (or found already there). */
export interface IndicatorsCardData {
  heading: string;
  /** Created, Removed, Already blocked, Failed… */
  status?: string;
  note?: string;
  requestedBy?: string;
  approvedBy?: string;
  reason?: string;
  indicators: IndicatorRow[];
  /** e.g. "Showing 50 of the tenant's indicators." */
  more?: string;
}

export interface WorkingCardData {
  command: string;
}

export interface ErrorCardData {
  title: string;
  message: string;
  hint?: string;
  /** 'note': a plain notice (a confirmation, a state), not a refusal or failure; its heading is not red. */
  tone?: 'note';
}

/** One cell of a hunt's table, as text (the CSV has every value as Graph sent it). */
export interface HuntCell {
  text: string;
}

/** A hunt's answer: the first rows as a table, how many there were, and where all of them are. */
export interface HuntResultsCardData {
  heading: string;
  /** One line: how many rows, how many shown. */
  summary: string;
  /** The named hunt, or "free KQL". */
  hunt: string;
  /** How many rows Graph returned, as shown ("1,204"). */
  rowCount: string;
  requestedBy: string;
  /** One entry per column shown (the table's column definitions). */
  columns: { name: string }[];
  header: HuntCell[];
  rows: { cells: HuntCell[] }[];
  /** Where the CSV is, what was cut, Graph's limits. */
  note?: string;
  /** Teams: the requester's own download link for the CSV. */
  csvUrl?: string;
}

/** `doctor`: one line per check of the setup. */
export interface DoctorCardData {
  /** "29 ok, 1 warning, 0 failed". */
  summary: string;
  checks: { mark: string; area: string; message: string; fix?: string }[];
}

export interface CardDataMap {
  help: HelpCardData;
  whoami: WhoamiCardData;
  machine: MachineCardData;
  'machine-picklist': MachinePicklistCardData;
  alerts: AlertsCardData;
  'machine-actions': MachineActionsCardData;
  'action-status': ActionStatusCardData;
  'approval-request': ApprovalRequestCardData;
  indicators: IndicatorsCardData;
  alert: AlertCardData;
  'alert-resolve': AlertResolveFormData;
  'alert-comment': AlertCommentFormData;
  'machine-isolate': MachineIsolateFormData;
  'alert-digest': AlertDigestCardData;
  working: WorkingCardData;
  error: ErrorCardData;
  doctor: DoctorCardData;
  'hunt-results': HuntResultsCardData;
}

export type CardName = keyof CardDataMap;

export const CARD_NAMES: readonly CardName[] = [
  'help',
  'whoami',
  'machine',
  'machine-picklist',
  'alerts',
  'machine-actions',
  'action-status',
  'approval-request',
  'indicators',
  'alert',
  'alert-resolve',
  'alert-comment',
  'machine-isolate',
  'alert-digest',
  'working',
  'error',
  'doctor',
  'hunt-results',
];
