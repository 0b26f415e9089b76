// The simulated tenant's directory: well-known ids, the MDE resource, and the default app and users
// the simulator starts with (tests and the demo sign in as these).
import { createHash } from 'node:crypto';
import type { SimApp, SimUser } from '../types.js';

export const DEFAULT_TENANT_ID = '3f5c2b8e-7a41-4d6f-9b0e-5c8d1a2e4f60';
export const DEFAULT_CLIENT_ID = '8b1e6c3a-2d4f-4a7b-9c5e-1f0a3b6d8e21';
/** A fixed value so `npm run sim` can print ready-to-paste env lines. Not a real credential. */
export const DEFAULT_CLIENT_SECRET = 'sim-secret-do-not-use-in-production';

/** Identifier URIs and appId of the WindowsDefenderATP resource (reference/mde-api.md section 1). */
export const MDE_RESOURCE_APP_ID = 'fc780465-2017-40d4-a0c5-307022471b92';
export const MDE_RESOURCE = 'https://api.securitycenter.microsoft.com';
export const MDE_RESOURCE_ALIASES = [
  MDE_RESOURCE,
  'https://securitycenter.onmicrosoft.com/windowsatpservice',
  'https://api.securitycenter.windows.com',
  MDE_RESOURCE_APP_ID,
] as const;

/** Microsoft Graph (advanced hunting: POST /v1.0/security/runHuntingQuery). */
export const GRAPH_RESOURCE_APP_ID = '00000003-0000-0000-c000-000000000000';
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
export const GRAPH_RESOURCE_ALIASES = [GRAPH_RESOURCE, GRAPH_RESOURCE_APP_ID] as const;
/** The Graph permission the simulator knows, application and delegated alike. */
export const GRAPH_PERMISSIONS = ['ThreatHunting.Read.All'] as const;

/** Whether a permission name is Graph's (the rest are MDE's): tokens carry only their resource's. */
export function isGraphPermission(permission: string): boolean {
  return (GRAPH_PERMISSIONS as readonly string[]).includes(permission);
}

export const MDE_APPLICATION_PERMISSIONS = [
  'Machine.Read.All',
  'Machine.ReadWrite.All',
  'Machine.Isolate',
  'Machine.Scan',
  'Machine.RestrictExecution',
  'Machine.CollectForensics',
  'Machine.LiveResponse',
  'Library.Manage',
  'Alert.Read.All',
  'Alert.ReadWrite.All',
  'AdvancedQuery.Read.All',
  'Ti.ReadWrite.All',
];

export const MDE_DELEGATED_PERMISSIONS = [
  'Machine.Read',
  'Machine.ReadWrite',
  'Machine.Isolate',
  'Machine.Scan',
  'Machine.RestrictExecution',
  'Machine.CollectForensics',
  'Machine.LiveResponse',
  'Library.Manage',
  'Alert.Read',
  'Alert.ReadWrite',
  'AdvancedQuery.Read',
  'Ti.ReadWrite',
];

export function defaultApps(): SimApp[] {
  return [
    {
      clientId: DEFAULT_CLIENT_ID,
      displayName: 'defbot',
      secret: DEFAULT_CLIENT_SECRET,
      certificatePem: undefined,
      appRoles: [...MDE_APPLICATION_PERMISSIONS, ...GRAPH_PERMISSIONS],
      delegatedScopes: [...MDE_DELEGATED_PERMISSIONS, ...GRAPH_PERMISSIONS],
    },
  ];
}

/** Device group the scoped default user is limited to. */
export const SCOPED_DEVICE_GROUP = 'Servers';

export function defaultUsers(): SimUser[] {
  return [
    {
      oid: '0c3e5a7b-1d2f-4e6a-8b9c-2f4e6a8b0c1d',
      upn: 'alex.analyst@contoso.com',
      displayName: 'Alex Analyst',
      mdeRoles: ['ViewData', 'ActiveRemediationActions', 'AlertsInvestigation', 'LiveResponseBasic'],
      deviceGroups: '*',
    },
    {
      oid: '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
      upn: 'val.viewer@contoso.com',
      displayName: 'Val Viewer',
      mdeRoles: ['ViewData'],
      deviceGroups: '*',
    },
    {
      oid: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
      upn: 'sam.servers@contoso.com',
      displayName: 'Sam Servers',
      mdeRoles: ['ViewData', 'ActiveRemediationActions', 'AlertsInvestigation'],
      deviceGroups: [SCOPED_DEVICE_GROUP],
    },
  ];
}

/** A stable GUID derived from text, for ids the directory does not store (service principal ids, pairwise subs). */
export function derivedGuid(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Object id of an app's service principal: the `oid` of its app tokens. */
export function servicePrincipalId(clientId: string): string {
  return derivedGuid(`service-principal:${clientId}`);
}
