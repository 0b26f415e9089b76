// Who holds which role: matches a verified chat user against the identities of the RBAC file.
// Roles are hierarchical (admin > approver > responder > viewer) and absent means no role at all.
import type { ChatUser } from '../core/index.js';
import type { ChatRole, RbacConfig } from '../config/types.js';

/** Lowest to highest; a role includes every role before it. */
export const ROLE_ORDER: readonly ChatRole[] = ['viewer', 'responder', 'approver', 'admin'];

export function roleRank(role: ChatRole | undefined): number {
  return role === undefined ? -1 : ROLE_ORDER.indexOf(role);
}

/** Whether `held` is `required` or above it. Nobody without a role satisfies any role. */
export function hasAtLeast(held: ChatRole | undefined, required: ChatRole): boolean {
  return roleRank(held) >= roleRank(required);
}

/**
 * The identity strings this user answers to, normalized the same way as the file entries.
 * Only values the platform verified are on a ChatUser, so each of them may be trusted here.
 */
export function identitiesOf(actor: ChatUser): Set<string> {
  const ids = new Set<string>();
  const id = actor.id.trim();
  if (id !== '') {
    ids.add(`${actor.platform}:${id}`);
    ids.add(`${actor.platform}:*`);
  }
  const aad = actor.aadObjectId?.trim().toLowerCase();
  if (aad) ids.add(`aad:${aad}`);
  // RBAC `email:` entries match the mailbox and, for Teams, the UPN (often but not always the same).
  for (const address of addressesOf(actor)) ids.add(`email:${address}`);
  return ids;
}

/** The person's verified mail addresses (email, UPN), lower case, without duplicates. */
export function addressesOf(actor: Pick<ChatUser, 'email' | 'userPrincipalName'>): string[] {
  const all = [actor.email, actor.userPrincipalName].map((value) => value?.trim().toLowerCase());
  return [...new Set(all.filter((value): value is string => value !== undefined && value.includes('@')))];
}

/**
 * The identities that name this one person, for rules about "who" that must hold across their chat
 * accounts (rate limits): every verified identity except the platform wildcard.
 */
export function personKeys(actor: ChatUser): string[] {
  return [...identitiesOf(actor)].filter((identity) => !identity.endsWith(':*'));
}

/**
 * "aad:" and "email:" values compare case-insensitively (GUIDs and mailbox names are);
 * Slack and Teams ids are kept exact because the platforms treat them as opaque.
 */
export function normalizeIdentity(entry: string): string {
  const trimmed = entry.trim();
  const colon = trimmed.indexOf(':');
  if (colon <= 0) return trimmed;
  const kind = trimmed.slice(0, colon).toLowerCase();
  const value = trimmed.slice(colon + 1).trim();
  return kind === 'aad' || kind === 'email' ? `${kind}:${value.toLowerCase()}` : `${kind}:${value}`;
}

/** The highest role any of the actor's identities is bound to; undefined (deny) by default. */
export function resolveRoles(actor: ChatUser, rbac: RbacConfig): ChatRole | undefined {
  const mine = identitiesOf(actor);
  for (const role of [...ROLE_ORDER].reverse()) {
    if (rbac.roles[role].some((entry) => mine.has(normalizeIdentity(entry)))) return role;
  }
  return undefined;
}
