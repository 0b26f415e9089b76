// Plain words for the chat user when a decision on an approval is refused.
import type { ChatUser, Platform } from '../../core/index.js';
import { approvalSubject, type ApprovalRecord, type ApprovalVerb } from './record.js';

export type RefusalReason =
  'not-found' | 'not-approver' | 'self-approval' | 'unresolved-identity' | 'expired' | 'already-decided';

const PLATFORM_NAMES: Record<Platform, string> = { slack: 'Slack', teams: 'Teams' };

/**
 * For a clicker whose platform directory did not answer: four-eyes cannot tell whether they are the
 * requester under another account, so nothing is decided and the same click may simply be repeated.
 */
export function unresolvedIdentityMessage(platform: Platform): string {
  return `We could not confirm who you are (${PLATFORM_NAMES[platform]} did not answer); try again in a moment.`;
}

const ACTION_NAMES: Record<ApprovalVerb, string> = {
  isolate: 'isolation',
  release: 'release from isolation',
  restrict: 'app execution restriction',
  unrestrict: 'removal of the app execution restriction',
  run: 'live response script',
  block: 'block',
  unblock: 'removal of the block',
};

export function refusalMessage(
  reason: RefusalReason,
  record: ApprovalRecord | undefined,
  platform?: Platform,
): string {
  if (reason === 'unresolved-identity')
    return unresolvedIdentityMessage(platform ?? record?.requester.platform ?? 'slack');
  if (record === undefined) {
    return 'This approval request no longer exists. Request the action again if it is still needed.';
  }
  const action = ACTION_NAMES[record.verb];
  const machine = approvalSubject(record);
  switch (reason) {
    case 'not-found':
      return 'This approval request no longer exists. Request the action again if it is still needed.';
    case 'not-approver':
      return `Only people with the approver role can decide on the ${action} of ${machine}.`;
    case 'self-approval':
      return `You asked for this ${action}; another approver must decide (four-eyes).`;
    case 'expired':
      return `The request for the ${action} of ${machine} expired at ${record.expiresAt} without a decision. Request it again if it is still needed.`;
    case 'already-decided':
      return alreadyDecided(record, action, machine);
  }
}

function alreadyDecided(record: ApprovalRecord, action: string, machine: string): string {
  const who = record.decidedBy === undefined ? 'someone' : nameOf(record.decidedBy);
  const when = record.decidedAt === undefined ? '' : ` at ${record.decidedAt}`;
  if (record.state === 'expired') return `The request for the ${action} of ${machine} has already expired.`;
  if (record.cancelled === true)
    return `The request for the ${action} of ${machine} was cancelled by ${who}${when}.`;
  return `The ${action} of ${machine} was already ${record.state} by ${who}${when}.`;
}

export function nameOf(user: ChatUser): string {
  return user.displayName ?? user.email ?? `${user.platform}:${user.id}`;
}
