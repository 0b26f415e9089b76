// Authorization: roles from the RBAC file and the allow / deny / needs-approval decision.
export {
  ROLE_ORDER,
  addressesOf,
  hasAtLeast,
  identitiesOf,
  normalizeIdentity,
  personKeys,
  resolveRoles,
  roleRank,
} from './roles.js';
export { authorize, canApprove, needsApproval } from './policy.js';
export type { AuthorizableCommand, Decision, RequiredRole } from './policy.js';
export * from './approvals/index.js';
export { approverMustSignIn, chooseContext, loginCommand } from './token-context.js';
export type { ContextChoice } from './token-context.js';
