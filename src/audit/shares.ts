// Keeps the audit stream from being flushed by people without any role. Anyone in an allowed
// workspace can cause entries (denied commands, help/whoami, refused clicks and sign-ins); each person
// gets a share of such entries in the main stream per window, the rest go to a separate capped
// overflow stream. Entries about authorised work always go to the main stream, and every entry
// still reaches the log.
import type { AuditEvent } from './event.js';

/** How many role-free entries one person may put into the main stream per window. */
export interface PersonShare {
  entries: number;
  windowMs: number;
}

export const DEFAULT_PERSON_SHARE: PersonShare = { entries: 20, windowMs: 3_600_000 };

/** Whether someone holding no role at all could have caused this entry (so could cause it in a loop). */
export function needsNoRole(event: AuditEvent): boolean {
  switch (event.type) {
    case 'authz':
      // `roleFree` is set by the app layer for verbs the command registry opens to anyone.
      return event.decision === 'deny' || event.roleFree === true;
    case 'approval':
      return event.outcome?.startsWith('refused') ?? false;
    case 'signin':
      return event.outcome !== 'signed-in';
    default:
      return false;
  }
}

/**
 * KEYS: the person's counter, the main stream, the overflow stream.
 * ARGV: share, window ms, main cap, overflow cap, the event JSON.
 * Returns 1 when the entry went to the main stream, 0 when it is the person's first overflow of the
 * window, -1 for later overflows. Counting and appending are one step, so the share holds under load.
 */
export const APPEND_WITHIN_SHARE = `
local used = redis.call('INCR', KEYS[1])
if used == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if used <= tonumber(ARGV[1]) then
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', 'event', ARGV[5])
  return 1
end
redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[4], '*', 'event', ARGV[5])
if used == tonumber(ARGV[1]) + 1 then return 0 end
return -1
`;
