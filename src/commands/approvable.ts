// What a job verb whose requests may wait for an approval (`block`, `unblock`) gets and declares: the
// port that asks for the approval (the worker implements it), `block`'s settings, and the run an
// approved request becomes (the worker calls it once a second person approved).
import type { IndicatorApprovalVerb, IndicatorRequest } from '../authz/index.js';
import type { IndicatorSettings } from '../core/indicators.js';
import type { ChatUser, OutgoingMessage } from '../core/interaction.js';
import type { DefenderClient } from '../defender/index.js';

/** What an indicator request asks MDE to do, approved or not. */
export interface IndicatorAction {
  readonly verb: IndicatorApprovalVerb;
  readonly indicator: IndicatorRequest;
  readonly reason: string;
}

export interface ApprovalPort {
  /** Whether this command waits for an approver (RBAC `approvals.actions`). */
  readonly needed: boolean;
  /** Creates the approval request and posts its card where the command was typed. */
  request(action: IndicatorAction): Promise<void>;
}

export type IndicatorJobSettings = IndicatorSettings;

export interface ApprovedRunContext {
  /** MDE as the approver (their own token when the token-context policy says so), else the requester. */
  readonly defender: DefenderClient;
  readonly requester: ChatUser;
  /** Undefined when the request needed no approval. */
  readonly approver: ChatUser | undefined;
  readonly now: Date;
}

export interface ApprovedOutcome {
  /** What the request became in MDE (the indicator's id): recorded on the approval, so it runs once. */
  readonly outcomeId: string;
  /** The card that replaces the approval card. */
  readonly message: OutgoingMessage;
}

export interface ApprovedRun {
  /** How its approval card names it, e.g. "Block indicator". */
  readonly title: string;
  execute(context: ApprovedRunContext, action: IndicatorAction): Promise<ApprovedOutcome>;
}
