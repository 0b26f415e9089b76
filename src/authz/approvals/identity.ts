// Four-eyes needs "is this the same person?" across chat accounts, not just the same user id:
// one person may hold a Slack and a Teams account that share an Entra object id or a mailbox.
import type { ChatUser } from '../../core/index.js';

/**
 * True when any verified identity of `a` matches one of `b`: the same platform id, the same Entra
 * object id, or any address of one (email, UPN) equal to any address of the other, across platforms.
 * Errs on the side of "same": a false match only asks for another approver, a missed one would let
 * someone approve themselves.
 */
export function samePerson(a: ChatUser, b: ChatUser): boolean {
  if (a.platform === b.platform && a.id.trim() !== '' && a.id.trim() === b.id.trim()) return true;
  if (matches(a.aadObjectId, b.aadObjectId)) return true;
  const theirs = new Set(addressesOf(b));
  return addressesOf(a).some((address) => theirs.has(address));
}

/**
 * Whether the platform's directory could not be asked for this user, so addresses may be missing
 * although the person has them: four-eyes cannot be judged for such a user.
 */
export function identityUnresolved(user: ChatUser): boolean {
  return user.directory === 'unavailable';
}

/** The identities four-eyes compared, flat, for audit entries (absent values as null). */
export function comparedIdentities(
  role: 'requester' | 'approver',
  user: ChatUser,
): Record<string, string | null> {
  return {
    [role]: `${user.platform}:${user.id}`,
    [`${role}Aad`]: user.aadObjectId?.trim() || null,
    [`${role}Email`]: user.email?.trim() || null,
    [`${role}Upn`]: user.userPrincipalName?.trim() || null,
    [`${role}Directory`]: user.directory ?? 'answered',
  };
}

/** The person's mail addresses (email, UPN), trimmed and lower case: the forms RBAC `email:` matches too. */
function addressesOf(user: ChatUser): string[] {
  return [user.email, user.userPrincipalName]
    .map((value) => value?.trim().toLowerCase())
    .filter((value): value is string => value !== undefined && value.includes('@'));
}

function matches(left: string | undefined, right: string | undefined): boolean {
  const l = left?.trim().toLowerCase();
  return l !== undefined && l !== '' && l === right?.trim().toLowerCase();
}
