// Approval requests for disruptive machine actions: Redis records, four-eyes, atomic decisions, expiry.
export { createApprovalStore, APPROVAL_RETENTION_MS } from './store.js';
export type {
  ApprovalStore,
  ApprovalStoreOptions,
  DecideOptions,
  DecisionResult,
  UpdateResult,
} from './store.js';
export {
  APPROVAL_ID_PATTERN,
  APPROVAL_VERBS,
  ApprovalRecordSchema,
  INDICATOR_APPROVAL_VERBS,
  MACHINE_APPROVAL_VERBS,
  approvalSubject,
  isIndicatorApproval,
  parseApprovalRecord,
} from './record.js';
export type {
  ApprovalBase,
  ApprovalRecord,
  ApprovalVerb,
  IndicatorApprovalRecord,
  IndicatorApprovalVerb,
  IndicatorRequest,
  MachineApprovalRecord,
  MachineApprovalVerb,
  MachineFacts,
  NewApproval,
} from './record.js';
export { comparedIdentities, identityUnresolved, samePerson } from './identity.js';
export { nameOf, refusalMessage, unresolvedIdentityMessage } from './messages.js';
export type { RefusalReason } from './messages.js';
export type { Decision as ApprovalDecision } from './rules.js';
