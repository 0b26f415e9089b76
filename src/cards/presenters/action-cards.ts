// Cards for the approval flow and for a machine action's progress, shared by the web side (button
// clicks) and the worker (status updates).
import { nameOf, type ApprovalRecord } from '../../authz/index.js';
import { renderCard } from '../render.js';
import type { CardTokenContext } from '../types.js';
import type { ChatUser, OutgoingMessage } from '../../core/interaction.js';

const ACTION_TITLES: Record<string, string> = {
  isolate: 'Isolate machine',
  release: 'Release from isolation',
  restrict: 'Restrict app execution',
  unrestrict: 'Remove app restriction',
  scan: 'Antivirus scan',
  collect: 'Collect investigation package',
};

export function actionTitle(verb: string, detail?: string): string {
  const title = ACTION_TITLES[verb] ?? verb;
  return detail ? `${title} (${detail})` : title;
}

export function approvalMessage(record: ApprovalRecord): OutgoingMessage {
  const card = renderCard('approval-request', {
    approvalId: record.id,
    machineId: record.machineId,
    machineName: record.machineName,
    action: actionTitle(
      record.verb,
      record.verb === 'isolate' ? (record.isolationType ?? 'full') : undefined,
    ),
    reason: record.reason,
    requestedBy: nameOf(record.requester),
    requestedAt: record.createdAt,
    expiresAt: record.expiresAt,
    state: record.state,
    ...(record.decidedBy && record.state !== 'expired' ? { decidedBy: nameOf(record.decidedBy) } : {}),
    ...(record.decidedAt && record.state !== 'expired' ? { decidedAt: record.decidedAt } : {}),
  });
  const verbText = actionTitle(record.verb).toLowerCase();
  const text =
    record.state === 'pending'
      ? `${nameOf(record.requester)} asks to ${verbText} on ${record.machineName}: ${record.reason}. An approver must approve.`
      : `Request to ${verbText} on ${record.machineName}: ${record.state}${record.decidedBy ? ` by ${nameOf(record.decidedBy)}` : ''}.`;
  return { card, text };
}

export interface ActionStatusView {
  verb: string;
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
}

export function actionStatusMessage(view: ActionStatusView): OutgoingMessage {
  const card = renderCard('action-status', {
    actionId: view.actionId ?? 'not yet submitted',
    type: actionTitle(view.verb),
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
  });
  return {
    card,
    text: `${actionTitle(view.verb)} on ${view.machineName}: ${view.status}${view.note ? ` (${view.note})` : ''}`,
  };
}
