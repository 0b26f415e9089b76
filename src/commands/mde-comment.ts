// The comment MDE stores with what the bot does there (a machine action, a cancel): the reason, who
// asked, who approved, from which chat.
import { nameOf } from '../authz/index.js';
import type { ChatUser, Platform } from '../core/interaction.js';

const PLATFORM_NAME: Record<Platform, string> = { slack: 'Slack', teams: 'Microsoft Teams' };
/** MDE documents no limit; keep comments readable in the portal. */
const MAX_COMMENT = 1000;

/** A person as MDE's audit log should show them: a readable name and the stable chat id. */
function person(user: ChatUser): string {
  const name = nameOf(user);
  const id = `${user.platform}:${user.id}`;
  return name.includes(user.id) ? name : `${name} [${id}]`;
}

export function actionComment(reason: string, requester: ChatUser, approver: ChatUser | undefined): string {
  const who = approver
    ? `requested by ${person(requester)}, approved by ${person(approver)}`
    : `requested by ${person(requester)}`;
  const suffix = ` (${who}, via ${PLATFORM_NAME[requester.platform]} / defbot)`;
  const room = MAX_COMMENT - suffix.length;
  const trimmed = reason.length > room ? `${reason.slice(0, room - 1)}…` : reason;
  return `${trimmed}${suffix}`;
}
