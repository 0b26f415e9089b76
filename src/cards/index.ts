// Card templates as typed data: render a card by name, plus the verbs its buttons use.
export { renderCard } from './render.js';
export { CARD_NAMES } from './types.js';
export type {
  CardName,
  CardDataMap,
  AlertSeverity,
  CardTokenContext,
  HelpCommand,
  HelpCardData,
  WhoamiCardData,
  MachineCardData,
  MachineCandidate,
  MachinePicklistCardData,
  AlertRow,
  AlertsCardData,
  MachineActionRow,
  MachineActionsCardData,
  ActionStatusCardData,
  ApprovalRequestCardData,
  AlertCardData,
  AlertCommentFormData,
  AlertCommentRow,
  AlertEvidenceRow,
  AlertResolveFormData,
  MachineIsolateFormData,
  VerdictChoice,
  AlertSeverityCounts,
  AlertDigestCardData,
  WorkingCardData,
  ErrorCardData,
  DoctorCardData,
  HuntResultsCardData,
} from './types.js';
export { CARD_VERBS, CARD_VERB_LIST } from './verbs.js';
export type { CardVerb } from './verbs.js';
export { CARD_SAMPLES, MINIMAL_CARD_SAMPLES } from './samples.js';
export { escapeMarkdown } from './markdown.js';
export { formatUtc } from './prepare.js';
export { cardsDir } from './templates.js';
export {
  alertCardData,
  alertMachineName,
  alertMessage,
  commentForm,
  isolateForm,
  machineCard,
  resolveForm,
  VERDICT_CHOICES,
} from './presenters/index.js';
export {
  actionStatusCard,
  actionStatusMessage,
  actionTitle,
  alertRow,
  approvalMessage,
  cardSeverity,
  errorMessage,
  machineActionRow,
  noteMessage,
  machineCandidate,
  machineCardData,
  machineName,
  portalLinks,
  unresolvedAnswer,
} from './presenters/index.js';
export type { ActionStatusView, PickContinuation } from './presenters/index.js';
export { HUNT_CARD_ROWS, huntResultsMessage } from './presenters/hunting.js';
export type { HuntAnswer, HuntTable } from './presenters/hunting.js';
