// The authorization step every command passes: which role each verb needs, and whether a
// disruptive action must wait for a second person's approval (DESIGN.md section 3).
import type { ChatUser } from '../core/index.js';
import type { ChatRole, RbacConfig } from '../config/types.js';
import { hasAtLeast, resolveRoles } from './roles.js';

/** The minimum role per verb of the command grammar; 'anyone' also admits users without a role. */
export const VERB_ROLES = {
  help: 'anyone',
  whoami: 'anyone',
  machine: 'viewer',
  alerts: 'viewer',
  actions: 'viewer',
  status: 'viewer',
  scan: 'responder',
  collect: 'responder',
  isolate: 'responder',
  release: 'responder',
  restrict: 'responder',
  unrestrict: 'responder',
  subscribe: 'admin',
  unsubscribe: 'admin',
  login: 'anyone',
  logout: 'anyone',
} as const satisfies Record<string, ChatRole | 'anyone'>;

export type Verb = keyof typeof VERB_ROLES;
export type RequiredRole = (typeof VERB_ROLES)[Verb];

/** Every verb, in the order `help` lists them. */
export const VERBS = Object.keys(VERB_ROLES) as readonly Verb[];

/**
 * Only machine actions can be put behind an approval: an approval for a read or for `help` would
 * lock people out of the bot, so other verbs listed in `approvals.actions` are ignored.
 */
export const MACHINE_ACTION_VERBS: readonly Verb[] = [
  'scan',
  'collect',
  'isolate',
  'release',
  'restrict',
  'unrestrict',
];

export function isVerb(value: string): value is Verb {
  return Object.hasOwn(VERB_ROLES, value);
}

export type Decision =
  | { kind: 'allow'; role: ChatRole | undefined }
  /** `reason` is written for the chat user. */
  | { kind: 'deny'; reason: string }
  | { kind: 'needs-approval'; role: ChatRole };

/** What authorization needs to know about a command; every parsed Command fits. */
export interface AuthorizableCommand {
  readonly verb: Verb;
}

export function needsApproval(verb: Verb, rbac: RbacConfig): boolean {
  return MACHINE_ACTION_VERBS.includes(verb) && rbac.approvals.actions.some((a) => a.toLowerCase() === verb);
}

export function authorize(actor: ChatUser, command: AuthorizableCommand, rbac: RbacConfig): Decision {
  const required = VERB_ROLES[command.verb];
  const role = resolveRoles(actor, rbac);
  if (required === 'anyone') return { kind: 'allow', role };
  if (role === undefined || !hasAtLeast(role, required)) {
    return { kind: 'deny', reason: denialReason(command.verb, required, role) };
  }
  return needsApproval(command.verb, rbac) ? { kind: 'needs-approval', role } : { kind: 'allow', role };
}

function denialReason(verb: Verb, required: ChatRole, held: ChatRole | undefined): string {
  const have = held === undefined ? 'no role' : held;
  return `\`${verb}\` needs the ${required} role; you have ${have}. Ask an admin to add you in the RBAC file.`;
}

/** Approvers and admins may approve (never their own request: the approvals module checks that). */
export function canApprove(actor: ChatUser, rbac: RbacConfig): boolean {
  return hasAtLeast(resolveRoles(actor, rbac), 'approver');
}

/** The verbs this user may run or request, in `help` order. */
export function allowedVerbs(actor: ChatUser, rbac: RbacConfig): Verb[] {
  const role = resolveRoles(actor, rbac);
  return VERBS.filter((verb) => {
    const required = VERB_ROLES[verb];
    return required === 'anyone' || hasAtLeast(role, required);
  });
}
