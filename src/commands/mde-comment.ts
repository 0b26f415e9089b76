// The comment MDE stores with what the bot does there (a machine action, a cancel, an alert change): the
// reason or the person's words, who asked, who approved, from which chat.
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
  return signed(reason, `${who}, via ${PLATFORM_NAME[requester.platform]} / defbot`);
}

/** A comment a person writes on an alert (or the bot writes for them): their words, then who and where. */
export function authoredComment(text: string, author: ChatUser): string {
  return signed(text, `${person(author)} via ${PLATFORM_NAME[author.platform]} / defbot`);
}

/** `text (signature)`, the text shortened so the whole stays within MAX_COMMENT. */
function signed(text: string, signature: string): string {
  const suffix = ` (${signature})`;
  const room = MAX_COMMENT - suffix.length;
  const trimmed = text.length > room ? `${text.slice(0, room - 1)}…` : text;
  return `${trimmed}${suffix}`;
}
