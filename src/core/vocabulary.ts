// The chat vocabulary every layer shares, each word defined once: the severities, isolation and scan
// types as the user types them, an approval's states, and the user-facing strings more than one layer
// shows. MDE's own spellings ('High', 'Full', 'Selective', ...) stay in defender/, which maps these
// onto them (defender/vocabulary.ts).
import type { Platform } from './interaction.js';

/** An alert severity as the user types it (`alerts medium`, `subscribe high`); a threshold. */
export const SEVERITIES = ['high', 'medium', 'low', 'informational'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** `scan <machine> [quick|full]`; MDE spells them 'Quick' | 'Full'. */
export const SCAN_TYPES = ['quick', 'full'] as const;
export type ScanType = (typeof SCAN_TYPES)[number];

/** `isolate <machine> [full|selective]`; MDE spells them 'Full' | 'Selective'. */
export const ISOLATION_TYPES = ['full', 'selective'] as const;
export type IsolationType = (typeof ISOLATION_TYPES)[number];

/** Where a four-eyes approval request stands. */
export const APPROVAL_STATES = ['pending', 'approved', 'denied', 'expired'] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];

/** The Slack slash command (Teams has no prefix: the user talks to the bot). */
export const SLACK_COMMAND = '/defender';

/** The prefix a command is typed with on a platform: `/defender ` on Slack, nothing on Teams. */
export function commandPrefix(platform: Platform): string {
  return platform === 'slack' ? `${SLACK_COMMAND} ` : '';
}

/** The answer to a click on a button the bot no longer knows (stale card, unknown action). */
export const INVALID_BUTTON_TEXT = 'That button is no longer valid.';

/**
 * The inputs of the bot's forms (the alert card's Resolve… and Comment…, the machine card's Request
 * isolation…), with the longest value each may carry. A click whose data holds any other field, or a
 * longer value, came from no card of ours.
 */
export const FORM_INPUT_LIMITS = { verdict: 100, comment: 2000, isolationType: 20, reason: 2000 } as const;
export type FormInputId = keyof typeof FORM_INPUT_LIMITS;
