// Machine actions: start (resolve, approval or status card), lifecycle (submit, follow), expiry,
// and the watchdog that re-drives an approval whose action never started; approved indicator requests.
export { postApprovalRequest, requestApproval, startAction } from './start.js';
export { approvalPort, approvedRequestJob, reportApprovedFailure, runApprovedRequest } from './approved.js';
export type { ApprovedDeps } from './approved.js';
export type { ApprovalRequestDeps, StartDeps } from './start.js';
export { createMachineActionProcessor, reportActionFailure, DEFAULT_LIFECYCLE } from './lifecycle.js';
export type { LifecycleDeps, LifecycleOptions } from './lifecycle.js';
export { expireApproval } from './expiry.js';
export {
  APPROVAL_REDRIVE_GRACE_MS,
  approvalActionJobId,
  approvalRedriveJobId,
  approvedActionJob,
  checkApproval,
  enqueueApprovedAction,
  failUndriven,
  runRedrive,
  scheduleRedrive,
} from './redrive.js';
export type { RedriveDeps, RedriveVerdict } from './redrive.js';
export { createActionFollows } from './follows.js';
export { createLiveSessions, MAX_LIVE_SESSIONS } from './live-sessions.js';
export type { LiveSessions } from './live-sessions.js';
export type { ActionFollows } from './follows.js';
export { mdeActionType } from './spec.js';
