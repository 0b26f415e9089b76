// Which token a Defender call runs under: the chat user's own delegated token or the bot's app token,
// by the RBAC file's userContext mode. `required` never falls back to the app.
import type { UserContextMode } from '../config/types.js';
import type { Platform } from '../core/interaction.js';
import { commandPrefix } from '../core/vocabulary.js';

export type ContextChoice =
  | { kind: 'user' }
  | { kind: 'app' }
  /** No call may be made: the user must sign in first. */
  | { kind: 'refuse'; reason: string };

export function chooseContext(
  mode: UserContextMode,
  signedIn: boolean,
  platform: Platform = 'slack',
): ContextChoice {
  if (mode === 'off') return { kind: 'app' };
  if (signedIn) return { kind: 'user' };
  if (mode === 'optional') return { kind: 'app' };
  return { kind: 'refuse', reason: `Sign in first: ${loginCommand(platform)}` };
}

/** How a user of `platform` types the login command. */
export function loginCommand(platform: Platform): string {
  return `${commandPrefix(platform)}login`;
}

/** The words for an approved action whose approver must sign in before it can run. */
export function approverMustSignIn(platform: Platform): string {
  return `This bot runs approved actions as the approver, who is not signed in. The approver should sign in (${loginCommand(platform)}) and approve again on a new request.`;
}
