// The MDE delegated permissions the bot asks a user to grant (reference/mde-api.md section 1), as
// v2 scopes on the Defender resource, plus offline_access so refresh tokens renew quietly.

export const MDE_DELEGATED_PERMISSIONS = [
  'Machine.Read',
  'Machine.Isolate',
  'Machine.Scan',
  'Machine.RestrictExecution',
  'Machine.CollectForensics',
  'Machine.LiveResponse',
  'Library.Manage',
  'Alert.Read',
  'Ti.ReadWrite',
] as const;

/** `https://api.securitycenter.microsoft.com/.default` -> the resource's delegated scopes. */
export function delegatedScopes(defenderScope: string): string[] {
  const resource = defenderScope.replace(/\/\.default$/, '').replace(/\/+$/, '');
  return MDE_DELEGATED_PERMISSIONS.map((permission) => `${resource}/${permission}`);
}

/** What the sign-in asks for; MSAL adds openid and profile itself. */
export function signInScopes(defenderScope: string): string[] {
  return [...delegatedScopes(defenderScope), 'offline_access'];
}

/** Microsoft Graph's delegated permission for advanced hunting. */
export const GRAPH_HUNTING_PERMISSION = 'ThreatHunting.Read.All';

/** `https://graph.microsoft.com/.default` -> the delegated hunting scope on that resource. */
export function graphHuntingScopes(graphScope: string): string[] {
  const resource = graphScope.replace(/\/\.default$/, '').replace(/\/+$/, '');
  return [`${resource}/${GRAPH_HUNTING_PERMISSION}`];
}
