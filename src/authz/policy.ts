// The authorization step every command passes: whether the actor holds the role a verb needs, and
// whether a disruptive action must wait for a second person's approval (DESIGN.md section 3).
// The facts about a verb (its role, whether it may be approved) come from the command registry,
// passed down by the caller: authz knows no verbs.
import type { ChatUser } from '../core/index.js';
import type { ChatRole, RbacConfig } from '../config/types.js';
import { hasAtLeast, resolveRoles } from './roles.js';

/** The least role a verb needs; 'anyone' also admits users without a role. */
export type RequiredRole = ChatRole | 'anyone';

export type Decision =
  | { kind: 'allow'; role: ChatRole | undefined }
  /** `reason` is written for the chat user. */
  | { kind: 'deny'; reason: string }
  | { kind: 'needs-approval'; role: ChatRole };

/** What authorization needs to know about a command, from the verb's declaration. */
export interface AuthorizableCommand {
  readonly verb: string;
  readonly role: RequiredRole;
  /** Whether `approvals.actions` may put this verb behind an approval. */
  readonly approvable: boolean;
}

/**
 * Only verbs declared approvable can wait for an approval: an approval for a read or for `help`
 * would lock people out of the bot, so other verbs listed in `approvals.actions` are ignored.
 */
export function needsApproval(verb: string, rbac: RbacConfig, approvable: boolean): boolean {
  // Without a list in the RBAC file, every approvable verb waits for one (DESIGN.md's default).
  return approvable && (rbac.approvals.actions?.some((a) => a.toLowerCase() === verb) ?? true);
}

export function authorize(actor: ChatUser, command: AuthorizableCommand, rbac: RbacConfig): Decision {
  const required = command.role;
  const role = resolveRoles(actor, rbac);
  if (required === 'anyone') return { kind: 'allow', role };
  if (role === undefined || !hasAtLeast(role, required)) {
    return { kind: 'deny', reason: denialReason(command.verb, required, role) };
  }
  return needsApproval(command.verb, rbac, command.approvable)
    ? { kind: 'needs-approval', role }
    : { kind: 'allow', role };
}

function denialReason(verb: string, required: ChatRole, held: ChatRole | undefined): string {
  const have = held === undefined ? 'no role' : held;
  return `\`${verb}\` needs the ${required} role; you have ${have}. Ask an admin to add you in the RBAC file.`;
}

/** Approvers and admins may approve (never their own request: the approvals module checks that). */
export function canApprove(actor: ChatUser, rbac: RbacConfig): boolean {
  return hasAtLeast(resolveRoles(actor, rbac), 'approver');
}
