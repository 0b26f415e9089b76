// The Action.Execute verbs the cards use. Chat adapters route button clicks by these names;
// the button itself carries only an opaque id.

export const CARD_VERBS = {
  machineShow: 'machine.show',
  machineActions: 'machine.actions',
  isolateRequest: 'isolate.request',
  /** On an alert card: the id is the alert's, which the server maps to its machine and title. */
  alertIsolate: 'alert.isolate',
  /** Alert triage on its card (the id is the alert's): assign to the clicker, resolve, comment. */
  alertAssign: 'alert.assign',
  alertResolve: 'alert.resolve',
  alertComment: 'alert.comment',
  /** A row of the alert list: post that alert's own card. */
  alertShow: 'alert.show',
  /** A pick list entry: run the command that asked with this machine (the id is the entry's, server-side). */
  pickContinue: 'pick.continue',
  approvalApprove: 'approval.approve',
  approvalDeny: 'approval.deny',
} as const;

export type CardVerb = (typeof CARD_VERBS)[keyof typeof CARD_VERBS];

export const CARD_VERB_LIST: readonly CardVerb[] = Object.values(CARD_VERBS);
