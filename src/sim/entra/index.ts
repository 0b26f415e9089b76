// Public surface of the simulator's Entra ID half.
export { createEntra } from './router.js';
export type { Entra, EntraOptions } from './router.js';
export type { IssueTokenSpec } from './testTokens.js';
export type { TokenRequestRecord } from './tokenLog.js';
export { generateClientCertificate } from './clientCertificate.js';
export type { ClientCertificate } from './clientCertificate.js';
export {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_TENANT_ID,
  GRAPH_PERMISSIONS,
  GRAPH_RESOURCE,
  GRAPH_RESOURCE_ALIASES,
  isGraphPermission,
  MDE_APPLICATION_PERMISSIONS,
  MDE_DELEGATED_PERMISSIONS,
  MDE_RESOURCE,
  MDE_RESOURCE_ALIASES,
  SCOPED_DEVICE_GROUP,
  defaultApps,
  defaultUsers,
  servicePrincipalId,
} from './directory.js';
