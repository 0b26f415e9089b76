// Identity binding: the Entra account that signed in must be the chat user's own, or anyone who got
// hold of a sign-in link could attach their account (and MDE rights) to someone else's chat user.
import type { SignInUser } from './state-store.js';

export interface SignedInAccount {
  /** preferred_username: the UPN for work accounts. */
  username: string;
  /** The user's Entra object id (oid). */
  objectId: string;
  /** Other names the ID token gives for the user (upn, email claims). */
  aliases: readonly string[];
}

/** Looks up the chat platform's own record of a user's email (Slack users.info). */
export type ChatEmailLookup = (user: SignInUser) => Promise<string | undefined>;

export type BindingResult = { ok: true } | { ok: false; reason: string };

export async function checkBinding(
  user: SignInUser,
  account: SignedInAccount,
  emailOf: ChatEmailLookup,
): Promise<BindingResult> {
  if (user.platform === 'teams') {
    // Teams tells us the chat user's Entra object id: nothing less than the same oid will do.
    if (user.aadObjectId && user.aadObjectId.toLowerCase() === account.objectId.toLowerCase())
      return { ok: true };
    return { ok: false, reason: 'the Entra account is not the Teams user’s own' };
  }
  const email = (await emailOf(user))?.trim().toLowerCase();
  if (!email) return { ok: false, reason: 'the Slack profile has no email to compare with' };
  const names = [account.username, ...account.aliases].map((name) => name.trim().toLowerCase());
  return names.includes(email)
    ? { ok: true }
    : { ok: false, reason: 'the Entra account’s UPN differs from the Slack profile email' };
}
