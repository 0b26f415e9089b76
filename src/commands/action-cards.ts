// An approval card (a machine action's or an indicator's) and a machine action's status card, titled as
// the verb declares (the cards layer below does not know the registry).
import type { ApprovalRecord } from '../authz/index.js';
import { actionStatusMessage, approvalMessage, type ActionStatusView } from '../cards/index.js';
import type { OutgoingMessage } from '../core/interaction.js';
import { approvalTitleOf, machineActionOf } from './registry.js';

export function approvalCard(record: ApprovalRecord): OutgoingMessage {
  return approvalMessage(record, approvalTitleOf(record.verb));
}

export function actionStatusCardOf(view: Omit<ActionStatusView, 'title'>): OutgoingMessage {
  return actionStatusMessage({ ...view, title: machineActionOf(view.verb).title });
}
