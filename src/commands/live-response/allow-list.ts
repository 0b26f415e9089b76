// The RBAC file's `liveResponse.scripts`: the only library scripts `run` may start. Checked when the
// command arrives, before any approval and before anything is sent to MDE.
import type { RbacConfig } from '../../config/types.js';

/** Library file names MDE allows: letters, digits, `-`, `_` and `.`. */
export const SCRIPT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;

export function allowedScripts(rbac: RbacConfig): readonly string[] {
  return rbac.liveResponse?.scripts ?? [];
}

/** The allow-listed spelling of `script` (names compare case-insensitively), or undefined. */
export function allowListed(rbac: RbacConfig, script: string): string | undefined {
  return allowedScripts(rbac).find((name) => name.toLowerCase() === script.toLowerCase());
}

/** Why `run` refuses this script, in plain words; undefined when it is on the list. */
export function scriptRefusal(rbac: RbacConfig, script: string): string | undefined {
  const allowed = allowedScripts(rbac);
  if (allowed.length === 0)
    return 'No live response scripts are allowed here: the RBAC file’s liveResponse.scripts list is empty. Nothing was requested.';
  if (allowListed(rbac, script) !== undefined) return undefined;
  return `“${script}” is not on the allow-list of live response scripts (liveResponse.scripts: ${allowed.join(', ')}). Nothing was requested.`;
}
