// Cards for the approval flow and for a machine action's progress, shared by the web side (button
// clicks) and the worker (status updates).
import { isIndicatorApproval, nameOf, type ApprovalRecord, type MachineFacts } from '../../authz/index.js';
import { INDICATOR_KIND_NAMES } from '../../core/indicators.js';
import { formatUtc } from '../prepare.js';
import { renderCard } from '../render.js';
import type { CardTokenContext } from '../types.js';
import type { ChatUser, OutgoingMessage } from '../../core/interaction.js';

/** An action's title (its verb declares it, e.g. "Isolate machine") with a detail such as the isolation type. */
export function actionTitle(title: string, detail?: string): string {
  return detail ? `${title} (${detail})` : title;
}

/** What the request is about: a machine (name, id), or an indicator (value, its kind and id). */
function subjectOf(record: ApprovalRecord): {
  label?: string;
  name: string;
  detail: string;
  option?: string;
} {
  if (!isIndicatorApproval(record))
    return {
      name: record.machineName,
      detail: record.machineId,
      ...(record.verb === 'isolate' ? { option: record.isolationType ?? 'full' } : {}),
      ...(record.script ? { option: scriptLine(record.script, record.args) } : {}),
    };
  const { kind, id, expireDays } = record.indicator;
  return {
    label: 'Indicator',
    name: record.indicator.value,
    detail: id ? `${INDICATOR_KIND_NAMES[kind]}, id ${id}` : INDICATOR_KIND_NAMES[kind],
    ...(expireDays === undefined ? {} : { option: `expires ${expireDays} days after it is set` }),
  };
}

/** A script with its arguments, as cards show it: `collect-logs.ps1 "-Hours 4"`. */
export function scriptLine(script: string, args?: string): string {
  return args ? `${script} "${args}"` : script;
}

/** `title`: the action's title, as its verb declares it. */
export function approvalMessage(record: ApprovalRecord, title: string): OutgoingMessage {
  const subject = subjectOf(record);
  const card = renderCard('approval-request', {
    approvalId: record.id,
    machineId: subject.detail,
    machineName: subject.name,
    ...(subject.label ? { subjectLabel: subject.label } : {}),
    action: actionTitle(title, subject.option),
    reason: record.reason,
    requestedBy: nameOf(record.requester),
    requestedAt: record.createdAt,
    expiresAt: record.expiresAt,
    state: record.state,
    ...(record.decidedBy && record.state !== 'expired' ? { decidedBy: nameOf(record.decidedBy) } : {}),
    ...(record.decidedAt && record.state !== 'expired' ? { decidedAt: record.decidedAt } : {}),
    ...(!isIndicatorApproval(record) && record.facts ? { machineFacts: factRows(record.facts) } : {}),
  });
  const verbText = title.toLowerCase();
  const text =
    record.state === 'pending'
      ? `${nameOf(record.requester)} asks to ${verbText} on ${subject.name}: ${record.reason}. An approver must approve.`
      : `Request to ${verbText} on ${subject.name}: ${record.state}${record.decidedBy ? ` by ${nameOf(record.decidedBy)}` : ''}.`;
  return { card, text };
}

export interface ActionStatusView {
  verb: string;
  /** The action's title, as its verb declares it. */
  title: string;
  actionId: string | undefined;
  machineId: string;
  machineName: string;
  status: string;
  requester: ChatUser;
  approver: ChatUser | undefined;
  comment: string;
  createdAt: string;
  updatedAt: string;
  tokenContext: CardTokenContext;
  packageUrl?: string;
  /** A plain explanation when the bot itself could not finish (shown as the status). */
  note?: string;
  /** `run`: the script line, and once done what it printed (first lines) and where the rest went. */
  script?: string;
  exitCode?: number;
  output?: string;
  outputNote?: string;
}

export function actionStatusMessage(view: ActionStatusView): OutgoingMessage {
  const card = renderCard('action-status', {
    actionId: view.actionId ?? 'not yet submitted',
    type: view.title,
    machineId: view.machineId,
    machineName: view.machineName,
    status: view.note ? `${view.status}: ${view.note}` : view.status,
    requestor: nameOf(view.requester),
    ...(view.approver ? { approver: nameOf(view.approver) } : {}),
    comment: view.comment,
    createdAt: view.createdAt,
    updatedAt: view.updatedAt,
    tokenContext: view.tokenContext,
    ...(view.packageUrl ? { packageUrl: view.packageUrl } : {}),
    ...(view.script ? { script: view.script } : {}),
    ...(view.exitCode === undefined ? {} : { exitCode: String(view.exitCode) }),
    ...(view.output ? { output: view.output } : {}),
    ...(view.outputNote ? { outputNote: view.outputNote } : {}),
  });
  return {
    card,
    text: `${view.title} on ${view.machineName}: ${view.status}${view.note ? ` (${view.note})` : ''}`,
  };
}

/** As the machine card shows it; a value MDE sent that is not a timestamp is shown as it came. */
function lastSeenText(lastSeen: string): string {
  return Number.isNaN(Date.parse(lastSeen)) ? lastSeen : formatUtc(lastSeen);
}

/** The machine's facts as card rows; open alerts as one line (count, highest severity, newest title). */
export function factRows(facts: MachineFacts): { title: string; value: string }[] {
  const rows = [
    { title: 'Health', value: facts.healthStatus },
    { title: 'Risk score', value: facts.riskScore },
    { title: 'Exposure', value: facts.exposureLevel },
    { title: 'OS', value: facts.osPlatform },
    ...(facts.lastSeen ? [{ title: 'Last seen', value: lastSeenText(facts.lastSeen) }] : []),
    { title: 'Device group', value: facts.deviceGroup ?? 'none' },
    { title: 'Tags', value: facts.tags.length > 0 ? facts.tags.join(', ') : 'none' },
  ];
  const alerts = facts.openAlerts;
  if (alerts === undefined) rows.push({ title: 'Open alerts', value: 'could not be read' });
  else if (alerts.count === 0) rows.push({ title: 'Open alerts', value: 'none' });
  else {
    const count = `${alerts.count}${alerts.more ? '+' : ''}`;
    const highest = alerts.highestSeverity ? `, highest ${alerts.highestSeverity}` : '';
    const newest = alerts.newestTitle ? `; newest: ${alerts.newestTitle}` : '';
    rows.push({ title: 'Open alerts', value: `${count}${highest}${newest}` });
  }
  return rows;
}
