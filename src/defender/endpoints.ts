// The MDE API families the bot calls: the name used in metrics and rate-limit keys, the
// budget family, whether machine actions share its budget with reads, and the permission MDE wants
// (so a 403 can say what is missing).

export type RateFamily = 'standard' | 'packageUri' | 'hunting' | 'liveResponse';

export interface EndpointInfo {
  /** Stable name, also the per-API rate-limit key (MDE counts budgets per API). */
  name: string;
  family: RateFamily;
  /**
   * Machine actions call this API too (status polls, the look-ups that adopt an action after a
   * crash, package links), so reads may not fill the share of its windows kept for them
   * (ACTION_RESERVE). MDE counts each API apart, so an API only reads call needs no reserve.
   */
  sharedWithActions?: boolean;
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
  listMachineActions: { ...read('machineactions.list'), sharedWithActions: true },
  getMachineAction: { ...read('machineactions.get'), sharedWithActions: true },
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
    sharedWithActions: true,
    appPermission: 'Machine.Read.All',
    userRole: 'Alerts investigation',
  },
  listAlerts: {
    name: 'alerts.list',
    family: 'standard',
    appPermission: 'Alert.Read.All',
    userRole: 'View data',
  },
  getAlert: {
    name: 'alerts.get',
    family: 'standard',
    appPermission: 'Alert.Read.All',
    userRole: 'View data',
  },
  /** Live response: its own budget (10 a minute); one RunScript of a library script per request. */
  runLiveResponse: {
    name: 'machines.runliveresponse',
    family: 'liveResponse',
    appPermission: 'Machine.LiveResponse',
    userRole: 'Basic live response',
  },
  /** The result of a live response command (followed from its action, like the package link). */
  getLiveResponseResultLink: {
    name: 'machineactions.getLiveResponseResultDownloadLink',
    family: 'standard',
    appPermission: 'Machine.Read.All',
    userRole: 'Basic live response',
  },
  listLibraryFiles: {
    name: 'libraryfiles.list',
    family: 'standard',
    appPermission: 'Library.Manage',
    userRole: 'Basic live response',
  },
  /** Microsoft Graph advanced hunting (the MDE `/api/advancedqueries/run` API is being retired). */
  graphRunHuntingQuery: {
    name: 'graph.runHuntingQuery',
    family: 'hunting',
    appPermission: 'ThreatHunting.Read.All',
    userRole: 'View data',
  },
} as const satisfies Record<string, EndpointInfo>;

export type EndpointKey = keyof typeof ENDPOINTS;
