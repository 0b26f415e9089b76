// A machine action's approval and status cards, titled as its verb declares (the cards layer below
// does not know the registry).
import type { ApprovalRecord } from '../authz/index.js';
import { actionStatusMessage, approvalMessage, type ActionStatusView } from '../cards/index.js';
import type { OutgoingMessage } from '../core/interaction.js';
import { machineActionOf } from './registry.js';

export function approvalCard(record: ApprovalRecord): OutgoingMessage {
  return approvalMessage(record, machineActionOf(record.verb).title);
}

export function actionStatusCardOf(view: Omit<ActionStatusView, 'title'>): OutgoingMessage {
  return actionStatusMessage({ ...view, title: machineActionOf(view.verb).title });
}
