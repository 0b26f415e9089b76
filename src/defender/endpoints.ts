// The MDE API families the bot calls: the name used in metrics and rate-limit keys, the
// budget family, and the permission MDE wants (so a 403 can say what is missing).

export type RateFamily = 'standard' | 'packageUri' | 'hunting';

export interface EndpointInfo {
  /** Stable name, also the per-API rate-limit key (MDE counts budgets per API). */
  name: string;
  family: RateFamily;
  /** Application permission (app context) that grants the call. */
  appPermission: string;
  /** MDE RBAC permission a signed-in user needs (user context). */
  userRole: string;
}

const read = (name: string): EndpointInfo => ({
  name,
  family: 'standard',
  appPermission: 'Machine.Read.All',
  userRole: 'View data',
});
const remediate = (name: string, appPermission: string): EndpointInfo => ({
  name,
  family: 'standard',
  appPermission,
  userRole: 'Active remediation actions',
});

export const ENDPOINTS = {
  listMachines: read('machines.list'),
  getMachine: read('machines.get'),
  findByIp: read('machines.findbyip'),
  listMachineActions: read('machineactions.list'),
  getMachineAction: read('machineactions.get'),
  isolate: remediate('machines.isolate', 'Machine.Isolate'),
  unisolate: remediate('machines.unisolate', 'Machine.Isolate'),
  runAntiVirusScan: remediate('machines.runAntiVirusScan', 'Machine.Scan'),
  restrictCodeExecution: remediate('machines.restrictCodeExecution', 'Machine.RestrictExecution'),
  unrestrictCodeExecution: remediate('machines.unrestrictCodeExecution', 'Machine.RestrictExecution'),
  collectInvestigationPackage: {
    name: 'machines.collectInvestigationPackage',
    family: 'standard',
    appPermission: 'Machine.CollectForensics',
    userRole: 'Alerts investigation',
  },
  getPackageUri: {
    name: 'machineactions.getPackageUri',
    family: 'packageUri',
    appPermission: 'Machine.Read.All',
    userRole: 'Alerts investigation',
  },
  listAlerts: { name: 'alerts.list', family: 'standard', appPermission: 'Alert.Read.All', userRole: 'View data' },
  getAlert: { name: 'alerts.get', family: 'standard', appPermission: 'Alert.Read.All', userRole: 'View data' },
  runHuntingQuery: {
    name: 'advancedqueries.run',
    family: 'hunting',
    appPermission: 'AdvancedQuery.Read.All',
    userRole: 'View data',
  },
} as const satisfies Record<string, EndpointInfo>;

export type EndpointKey = keyof typeof ENDPOINTS;
