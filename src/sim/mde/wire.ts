// Entities as MDE puts them on the wire: field order of real captures (reference/mde-api.md 3, 5, 6),
// including the observed-but-undocumented fields; never the simulator's own internal state.
import type { SimAlert, SimMachine, SimMachineAction } from '../types.js';

export type WireObject = Record<string, unknown>;

export function metadataUrl(publicUrl: string, fragment: string): string {
  return `${publicUrl}/api/$metadata#${fragment}`;
}

export function machineToWire(machine: SimMachine): WireObject {
  return {
    id: machine.id,
    mergedIntoMachineId: null,
    isPotentialDuplication: false,
    isExcluded: false,
    exclusionReason: null,
    computerDnsName: machine.computerDnsName,
    firstSeen: machine.firstSeen,
    lastSeen: machine.lastSeen,
    osPlatform: machine.osPlatform,
    osVersion: null,
    osProcessor: machine.osArchitecture === '32-bit' ? 'x86' : 'x64',
    version: machine.version,
    lastIpAddress: machine.lastIpAddress,
    lastExternalIpAddress: machine.lastExternalIpAddress,
    agentVersion: machine.agentVersion,
    osBuild: machine.osBuild,
    healthStatus: machine.healthStatus,
    deviceValue: machine.deviceValue,
    rbacGroupId: machine.rbacGroupId,
    rbacGroupName: machine.rbacGroupName,
    riskScore: machine.riskScore,
    exposureLevel: machine.exposureLevel,
    isAadJoined: machine.isAadJoined,
    aadDeviceId: machine.aadDeviceId,
    machineTags: [...machine.machineTags],
    defenderAvStatus: 'Updated',
    onboardingStatus: machine.onboardingStatus,
    osArchitecture: machine.osArchitecture,
    managedBy: machine.isAadJoined ? 'Intune' : 'Unknown',
    managedByStatus: machine.isAadJoined ? 'Success' : 'Unknown',
    ipAddresses: machine.ipAddresses.map((address) => ({ ...address })),
    vmMetadata: null,
  };
}

export function alertToWire(alert: SimAlert, withEvidence: boolean): WireObject {
  return {
    id: alert.id,
    incidentId: alert.incidentId,
    investigationId: alert.investigationId,
    assignedTo: alert.assignedTo,
    severity: alert.severity,
    status: alert.status,
    classification: alert.classification,
    determination: alert.determination,
    investigationState:
      alert.investigationId === null ? 'Unknown' : alert.status === 'Resolved' ? 'Benign' : 'Running',
    detectionSource: alert.detectionSource,
    detectorId: null,
    category: alert.category,
    threatFamilyName: alert.threatFamilyName,
    title: alert.title,
    description: alert.description,
    alertCreationTime: alert.alertCreationTime,
    firstEventTime: alert.firstEventTime,
    lastEventTime: alert.lastEventTime,
    lastUpdateTime: alert.lastUpdateTime,
    resolvedTime: alert.resolvedTime,
    machineId: alert.machineId,
    computerDnsName: alert.computerDnsName,
    rbacGroupName: alert.rbacGroupName,
    aadTenantId: alert.aadTenantId,
    threatName: alert.threatFamilyName,
    mitreTechniques: [...alert.mitreTechniques],
    relatedUser: alert.relatedUser === null ? null : { ...alert.relatedUser },
    loggedOnUsers:
      alert.relatedUser === null
        ? []
        : [{ accountName: alert.relatedUser.userName, domainName: alert.relatedUser.domainName }],
    comments: alert.comments.map((comment) => ({ ...comment })),
    evidence: withEvidence ? alert.evidence.map((item) => ({ ...item })) : [],
  };
}

export function actionToWire(action: SimMachineAction): WireObject {
  return {
    id: action.id,
    type: action.type,
    title: action.title,
    requestor: action.requestor,
    requestorComment: action.requestorComment,
    status: action.status,
    machineId: action.machineId,
    computerDnsName: action.computerDnsName,
    creationDateTimeUtc: action.creationDateTimeUtc,
    lastUpdateDateTimeUtc: action.lastUpdateDateTimeUtc,
    cancellationRequestor: action.cancellationRequestor,
    cancellationComment: action.cancellationComment,
    cancellationDateTimeUtc: action.cancellationDateTimeUtc,
    errorHResult: action.errorHResult,
    scope: action.scope,
    externalId: action.externalId,
    requestSource: action.requestSource,
    relatedFileInfo: action.relatedFileInfo,
    commands: [...action.commands],
    troubleshootInfo: action.troubleshootInfo,
  };
}
