// The RBAC file as people: who holds which role, entries that can never match anyone, and whether
// four-eyes can work at all (two people who may approve) and someone may administer the bot.
import type { ChatRole, RbacConfig } from '../config/types.js';
import { fail, ok, warn, type Check } from './report.js';

const AREA = 'RBAC';
const ROLES: readonly ChatRole[] = ['viewer', 'responder', 'approver', 'admin'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Why an entry can never match a verified identity, or undefined when it can. The configuration already
 * refuses malformed Slack, aad: and email: entries; a Teams id is free text there, so it is judged here.
 */
export function neverMatches(entry: string): string | undefined {
  const colon = entry.indexOf(':');
  const kind = entry.slice(0, colon);
  const id = entry.slice(colon + 1);
  if (kind !== 'teams' || id === '*' || /^(29|8):/.test(id)) return undefined;
  return GUID.test(id)
    ? 'that is an Entra object id: write aad:' + id
    : 'Teams user ids (the activity’s from.id) start with 29:';
}

export function rbacChecks(rbac: RbacConfig, rbacFile: string | undefined): Check[] {
  if (!rbacFile)
    return [
      fail(
        AREA,
        'no RBAC_FILE: nobody has any role',
        'write an RBAC file (see the README) and set RBAC_FILE',
      ),
    ];
  const checks: Check[] = [
    ok(
      AREA,
      ROLES.map(
        (role) => `${role}: ${rbac.roles[role].length ? rbac.roles[role].join(', ') : 'nobody'}`,
      ).join('; '),
    ),
  ];
  for (const role of ROLES) {
    for (const entry of rbac.roles[role]) {
      const why = neverMatches(entry);
      if (why)
        checks.push(
          fail(
            AREA,
            `${role} entry ${entry} can never match: ${why}`,
            `correct or remove ${entry} in ${rbacFile}`,
          ),
        );
    }
  }
  // The role order is admin > approver: both may approve. A wildcard is everyone of a platform.
  const approvers = new Set([...rbac.roles.approver, ...rbac.roles.admin]);
  const everyone = [...approvers].some((entry) => entry.endsWith(':*'));
  if (!everyone && approvers.size < 2)
    checks.push(
      fail(
        AREA,
        `four-eyes needs two people who may approve; the file names ${approvers.size === 0 ? 'none' : `only ${[...approvers].join('')}`}`,
        `add a second person under approver: in ${rbacFile}`,
      ),
    );
  else
    checks.push(
      ok(
        AREA,
        everyone
          ? 'approvers: every user of a platform (a wildcard)'
          : `${approvers.size} approver entries (one person's two chat accounts count once only when bound by email: or aad:)`,
      ),
    );
  if (rbac.roles.admin.length === 0)
    checks.push(
      warn(
        AREA,
        'no admin: nobody can subscribe channels to alerts',
        `add someone under admin: in ${rbacFile}`,
      ),
    );
  return checks;
}
