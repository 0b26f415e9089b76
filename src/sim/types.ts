// Shared shapes of the local MDE + Entra ID simulator. The Entra half (entra/) issues and verifies
// tokens; the MDE half (mde/) serves the API; server.ts composes both with the control API.
import type { Router } from 'express';

/** Injected clock so lifecycle, expiry and rate windows can be driven by tests. */
export interface SimClock {
  now(): number;
}

/** MDE RBAC permissions a user can hold (reference/mde-api.md section 1). */
export type MdeRolePermission =
  | 'ViewData'
  | 'ActiveRemediationActions'
  | 'AlertsInvestigation'
  | 'LiveResponseBasic'
  | 'LiveResponseAdvanced';

export interface SimUser {
  oid: string;
  upn: string;
  displayName: string;
  mdeRoles: MdeRolePermission[];
  /** Device group names the user can see, or '*' for all. */
  deviceGroups: string[] | '*';
}

export interface SimApp {
  clientId: string;
  displayName: string;
  /** Accepted client secret, if any. */
  secret: string | undefined;
  /** PEM of the certificate whose key signs client assertions, if any. */
  certificatePem: string | undefined;
  /** Application permissions granted (app tokens' `roles`), e.g. Machine.Isolate. */
  appRoles: string[];
  /** Delegated permissions consented (user tokens' `scp`), e.g. Machine.Isolate. */
  delegatedScopes: string[];
}

/** Claims of an access token the simulator issued and verified. */
export interface AccessTokenClaims {
  aud: string;
  iss: string;
  tid: string;
  appid: string;
  oid: string;
  iat: number;
  exp: number;
  ver: string;
  /** Application tokens. */
  roles?: string[];
  /** Delegated tokens: space-separated permission names. */
  scp?: string;
  upn?: string;
  name?: string;
}

/** Verifies a bearer token from an Authorization header; throws TokenRejected on any problem. */
export type VerifyAccessToken = (authorizationHeader: string | undefined) => Promise<AccessTokenClaims>;

export class TokenRejected extends Error {
  constructor(
    message: string,
    readonly status: 401 | 403 = 401,
  ) {
    super(message);
  }
}

/** A window of an MDE rate budget: `limit` calls per `windowMs`. */
export interface RateWindow {
  limit: number;
  windowMs: number;
}

/** Budget families as MDE documents them (reference/mde-api.md section 2). */
export interface SimRateLimits {
  /** Almost every endpoint: 100/min + 1,500/h, counted per API. */
  standard: RateWindow[];
  packageUri: RateWindow[];
  hunting: RateWindow[];
  /** Live response: 10 calls a minute (absent: MDE's published budget). */
  liveResponse?: RateWindow[];
}

export interface ActionLifecycle {
  /** Time an action stays Pending. */
  pendingMs: number;
  /** Time it then stays InProgress before its outcome. */
  inProgressMs: number;
}

export interface MdeApiOptions {
  clock: SimClock;
  tenantId: string;
  verifyAccessToken: VerifyAccessToken;
  /** Users by oid, so delegated calls can apply the user's MDE roles and device groups. */
  users: ReadonlyMap<string, SimUser>;
  apps: ReadonlyMap<string, SimApp>;
  rateLimits: SimRateLimits;
  lifecycle: ActionLifecycle;
  /** Base URL used in @odata.context and @odata.nextLink, e.g. https://127.0.0.1:4443 */
  publicUrl: () => string;
  /** Seed a realistic tenant (~50 machines, alerts of every severity). Default true. */
  seed: boolean;
}

/** Control surface of the MDE half, used by the control API, tests and the demo. */
export interface MdeControl {
  addMachine(machine: Partial<SimMachine> & { computerDnsName: string }): SimMachine;
  listMachines(): SimMachine[];
  addAlert(alert: Partial<SimAlert> & { title: string; severity: SimAlert['severity'] }): SimAlert;
  updateAlert(id: string, patch: Partial<SimAlert>): SimAlert;
  listAlerts(): SimAlert[];
  listActions(): SimMachineAction[];
  /** Force an action to its next state (or a given final state) now. */
  advanceAction(id: string, to?: SimMachineAction['status']): SimMachineAction;
  /** The next N actions submitted end in this status instead of Succeeded. */
  setNextActionOutcomes(outcomes: SimMachineAction['status'][]): void;
  reset(seed?: boolean): void;
}

export interface MdeApi {
  router: Router;
  control: MdeControl;
}

export interface SimIpAddress {
  ipAddress: string;
  macAddress: string;
  type: string;
  operationalStatus: 'Up' | 'Down';
}

export interface SimMachine {
  id: string;
  computerDnsName: string;
  firstSeen: string;
  lastSeen: string;
  osPlatform: string;
  version: string;
  osBuild: number | null;
  lastIpAddress: string;
  lastExternalIpAddress: string;
  healthStatus:
    | 'Active'
    | 'Inactive'
    | 'ImpairedCommunication'
    | 'NoSensorData'
    | 'NoSensorDataImpairedCommunication'
    | 'Unknown';
  onboardingStatus: string;
  rbacGroupId: number;
  rbacGroupName: string | null;
  riskScore: 'None' | 'Informational' | 'Low' | 'Medium' | 'High' | null;
  exposureLevel: 'None' | 'Low' | 'Medium' | 'High' | null;
  deviceValue: 'Normal' | 'Low' | 'High' | null;
  aadDeviceId: string | null;
  machineTags: string[];
  isAadJoined: boolean;
  osArchitecture: string;
  agentVersion: string;
  ipAddresses: SimIpAddress[];
}

export interface SimAlert {
  id: string;
  incidentId: number | null;
  investigationId: number | null;
  assignedTo: string | null;
  severity: 'UnSpecified' | 'Informational' | 'Low' | 'Medium' | 'High';
  status: 'Unknown' | 'New' | 'InProgress' | 'Resolved';
  classification: string | null;
  determination: string | null;
  detectionSource: string;
  category: string;
  threatFamilyName: string | null;
  title: string;
  description: string;
  alertCreationTime: string;
  firstEventTime: string;
  lastEventTime: string;
  lastUpdateTime: string;
  resolvedTime: string | null;
  machineId: string;
  computerDnsName: string;
  rbacGroupName: string | null;
  aadTenantId: string;
  mitreTechniques: string[];
  relatedUser: { userName: string; domainName: string } | null;
  comments: { comment: string; createdBy: string; createdTime: string }[];
  evidence: Record<string, unknown>[];
  /** Every change through the API, oldest first: who, when, and each field's old and new value (not on the wire). */
  history: SimAlertChange[];
}

export interface SimAlertChange {
  at: string;
  by: string;
  changes: Record<string, { from: string | null; to: string | null }>;
}

export interface SimMachineAction {
  id: string;
  type:
    | 'RunAntiVirusScan'
    | 'Offboard'
    | 'LiveResponse'
    | 'CollectInvestigationPackage'
    | 'Isolate'
    | 'Unisolate'
    | 'StopAndQuarantineFile'
    | 'RestrictCodeExecution'
    | 'UnrestrictCodeExecution';
  title: string | null;
  requestor: string;
  requestorComment: string;
  status: 'Pending' | 'InProgress' | 'Succeeded' | 'Failed' | 'TimeOut' | 'Cancelled';
  machineId: string;
  computerDnsName: string;
  creationDateTimeUtc: string;
  lastUpdateDateTimeUtc: string;
  cancellationRequestor: string | null;
  cancellationComment: string | null;
  cancellationDateTimeUtc: string | null;
  errorHResult: number;
  scope: string | null;
  externalId: string | null;
  requestSource: string;
  relatedFileInfo: { fileIdentifier: string; fileIdentifierType: string } | null;
  commands: unknown[];
  troubleshootInfo: unknown;
}
