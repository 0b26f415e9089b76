// The permission table of reference/mde-api.md section 1: application roles for app tokens; delegated
// scopes plus the user's own MDE role and device groups for user tokens.
import type { MdeRolePermission, SimUser } from '../types.js';
import { forbidden } from './errors.js';

export type Operation =
  | 'readMachines'
  | 'isolate'
  | 'scan'
  | 'restrict'
  | 'collect'
  | 'cancelAction'
  | 'tagMachine'
  | 'packageUri'
  | 'readAlerts'
  | 'updateAlert'
  | 'hunting'
  | 'indicators'
  | 'liveResponse'
  | 'liveResponseResult'
  | 'library';

/** Every machine-action permission; the same names as application roles and delegated scopes. */
const MACHINE_ACTION_PERMISSIONS = [
  'Machine.CollectForensics',
  'Machine.Isolate',
  'Machine.RestrictExecution',
  'Machine.Scan',
  'Machine.Offboard',
  'Machine.StopAndQuarantine',
  'Machine.LiveResponse',
] as const;

interface PermissionRule {
  /** Any one of these application permissions suffices. */
  application: readonly string[];
  delegated: readonly string[];
  userRole: MdeRolePermission;
}

const RULES: Readonly<Record<Operation, PermissionRule>> = {
  readMachines: {
    application: ['Machine.Read.All', 'Machine.ReadWrite.All'],
    delegated: ['Machine.Read', 'Machine.ReadWrite'],
    userRole: 'ViewData',
  },
  isolate: {
    application: ['Machine.Isolate'],
    delegated: ['Machine.Isolate'],
    userRole: 'ActiveRemediationActions',
  },
  scan: { application: ['Machine.Scan'], delegated: ['Machine.Scan'], userRole: 'ActiveRemediationActions' },
  restrict: {
    application: ['Machine.RestrictExecution'],
    delegated: ['Machine.RestrictExecution'],
    userRole: 'ActiveRemediationActions',
  },
  collect: {
    application: ['Machine.CollectForensics'],
    delegated: ['Machine.CollectForensics'],
    userRole: 'AlertsInvestigation',
  },
  // Any one of the machine-action permissions may cancel (mde-api-response.md section 4).
  cancelAction: {
    application: MACHINE_ACTION_PERMISSIONS,
    delegated: MACHINE_ACTION_PERMISSIONS,
    userRole: 'ActiveRemediationActions',
  },
  // The docs give users "Manage security settings"; user-roles.md puts device tags under Alerts investigation.
  tagMachine: {
    application: ['Machine.ReadWrite.All'],
    delegated: ['Machine.ReadWrite'],
    userRole: 'AlertsInvestigation',
  },
  packageUri: {
    application: ['Machine.Read.All', 'Machine.ReadWrite.All'],
    delegated: ['Machine.CollectForensics'],
    userRole: 'AlertsInvestigation',
  },
  readAlerts: {
    application: ['Alert.Read.All', 'Alert.ReadWrite.All'],
    delegated: ['Alert.Read', 'Alert.ReadWrite'],
    userRole: 'ViewData',
  },
  updateAlert: {
    application: ['Alert.ReadWrite.All'],
    delegated: ['Alert.ReadWrite'],
    userRole: 'AlertsInvestigation',
  },
  hunting: {
    application: ['AdvancedQuery.Read.All'],
    delegated: ['AdvancedQuery.Read'],
    userRole: 'ViewData',
  },
  // Running library scripts is within "Basic" live response (our choice for the simulator).
  liveResponse: {
    application: ['Machine.LiveResponse'],
    delegated: ['Machine.LiveResponse'],
    userRole: 'LiveResponseBasic',
  },
  // mde-api-response.md 5.2: application read permissions; delegated Machine.LiveResponse.
  liveResponseResult: {
    application: ['Machine.Read.All', 'Machine.ReadWrite.All'],
    delegated: ['Machine.LiveResponse'],
    userRole: 'LiveResponseBasic',
  },
  library: {
    application: ['Library.Manage'],
    delegated: ['Library.Manage'],
    userRole: 'LiveResponseBasic',
  },
  // List, submit and delete alike (mde-api-response.md section 2); `Ti.ReadWrite` sees only the app's own.
  indicators: {
    application: ['Ti.ReadWrite.All', 'Ti.ReadWrite'],
    delegated: ['Ti.ReadWrite'],
    userRole: 'ActiveRemediationActions',
  },
};

/** MDE's name for the device group of devices in no group; user lists may name it to see them. */
export const UNGROUPED_DEVICE_GROUP = 'Ungrouped devices (default)';

export type Caller =
  | { kind: 'application'; appId: string; requestor: string; roles: readonly string[] }
  | { kind: 'user'; appId: string; requestor: string; scopes: readonly string[]; user: SimUser | undefined };

/** Throws 403 Forbidden naming the first permission the caller lacks for `operation`. */
export function authorize(caller: Caller, operation: Operation): void {
  const rule = RULES[operation];
  if (caller.kind === 'application') {
    if (!rule.application.some((permission) => caller.roles.includes(permission))) {
      throw forbidden(`Missing application permission ${rule.application.join(' or ')}`);
    }
    return;
  }
  if (!rule.delegated.some((permission) => caller.scopes.includes(permission))) {
    throw forbidden(`Missing delegated permission ${rule.delegated.join(' or ')}`);
  }
  if (!(caller.user?.mdeRoles.includes(rule.userRole) ?? false)) {
    throw forbidden(`Missing user role permission ${rule.userRole}`);
  }
}

/** Device-group scope: apps see everything; users see only their groups' devices. */
export function canSeeGroup(caller: Caller, groupName: string | null): boolean {
  if (caller.kind === 'application') return true;
  const groups = caller.user?.deviceGroups ?? [];
  return groups === '*' || groups.includes(groupName ?? UNGROUPED_DEVICE_GROUP);
}

/** Delegated scopes come bare (`Machine.Isolate`) or resource-prefixed (`https://api.securitycenter.microsoft.com/Machine.Isolate`). */
export function scopeNames(scp: string): string[] {
  return scp
    .split(' ')
    .filter((scope) => scope.length > 0)
    .map((scope) => scope.slice(scope.lastIndexOf('/') + 1));
}
