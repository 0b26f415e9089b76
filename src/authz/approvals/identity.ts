// Four-eyes needs "is this the same person?" across chat accounts, not just the same user id:
// one person may hold a Slack and a Teams account that share an Entra object id or a mailbox.
import type { ChatUser } from '../../core/index.js';

/**
 * True when any verified identity of `a` matches one of `b`. Errs on the side of "same": a
 * false match only asks for another approver, a missed one would let someone approve themselves.
 */
export function samePerson(a: ChatUser, b: ChatUser): boolean {
  if (a.platform === b.platform && a.id.trim() !== '' && a.id.trim() === b.id.trim()) return true;
  if (matches(a.aadObjectId, b.aadObjectId)) return true;
  return matches(a.email, b.email);
}

function matches(left: string | undefined, right: string | undefined): boolean {
  const l = left?.trim().toLowerCase();
  return l !== undefined && l !== '' && l === right?.trim().toLowerCase();
}
