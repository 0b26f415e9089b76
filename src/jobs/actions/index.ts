// Machine actions: start (resolve, approval or status card), lifecycle (submit, follow), expiry.
export { requestApproval, startAction } from './start.js';
export type { ApprovalRequestDeps, StartDeps } from './start.js';
export { createMachineActionProcessor, reportActionFailure, DEFAULT_LIFECYCLE } from './lifecycle.js';
export type { LifecycleDeps, LifecycleOptions } from './lifecycle.js';
export { expireApproval } from './expiry.js';
export { actionComment } from './comment.js';
export { MDE_ACTION_TYPE } from './spec.js';
