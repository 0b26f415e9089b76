// Presenters: MDE resources, approvals and machine actions shaped into cards and messages. Shared by
// the look-up jobs (commands/), the dispatcher and buttons (app/) and the worker (jobs/).
export { actionTitle, approvalMessage, actionStatusMessage } from './action-cards.js';
export type { ActionStatusView } from './action-cards.js';
export { actionStatusCard, errorMessage, noteMessage, unresolvedAnswer } from './messages.js';
export type { PickContinuation } from './messages.js';
export { portalLinks } from './portal.js';
export {
  alertRow,
  cardSeverity,
  machineActionRow,
  machineCandidate,
  machineCardData,
  machineName,
} from './view.js';
export {
  alertCardData,
  alertMachineName,
  alertMessage,
  commentForm,
  resolveForm,
  VERDICT_CHOICES,
} from './alert-card.js';
export { isolateForm, machineCard } from './machine-card.js';
