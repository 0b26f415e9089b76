// Cards for the approval flow and for a machine action's progress, shared by the web side (button
// clicks) and the worker (status updates).
import { nameOf, type ApprovalRecord } from '../../authz/index.js';
import { renderCard } from '../render.js';
import type { CardTokenContext } from '../types.js';
import type { ChatUser, OutgoingMessage } from '../../core/interaction.js';

/** An action's title (its verb declares it, e.g. "Isolate machine") with a detail such as the isolation type. */
export function actionTitle(title: string, detail?: string): string {
  return detail ? `${title} (${detail})` : title;
}

/** `title`: the action's title, as its verb declares it. */
export function approvalMessage(record: ApprovalRecord, title: string): OutgoingMessage {
  const card = renderCard('approval-request', {
    approvalId: record.id,
    machineId: record.machineId,
    machineName: record.machineName,
    action: actionTitle(title, record.verb === 'isolate' ? (record.isolationType ?? 'full') : undefined),
    reason: record.reason,
    requestedBy: nameOf(record.requester),
    requestedAt: record.createdAt,
    expiresAt: record.expiresAt,
    state: record.state,
    ...(record.decidedBy && record.state !== 'expired' ? { decidedBy: nameOf(record.decidedBy) } : {}),
    ...(record.decidedAt && record.state !== 'expired' ? { decidedAt: record.decidedAt } : {}),
  });
  const verbText = title.toLowerCase();
  const text =
    record.state === 'pending'
      ? `${nameOf(record.requester)} asks to ${verbText} on ${record.machineName}: ${record.reason}. An approver must approve.`
      : `Request to ${verbText} on ${record.machineName}: ${record.state}${record.decidedBy ? ` by ${nameOf(record.decidedBy)}` : ''}.`;
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
  });
  return {
    card,
    text: `${view.title} on ${view.machineName}: ${view.status}${view.note ? ` (${view.note})` : ''}`,
  };
}
