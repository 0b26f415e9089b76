// Completes partial machines and alerts (from the control API or the seed) into full, consistent entities.
import { randomBytes, randomInt } from 'node:crypto';
import type { SimAlert, SimMachine } from '../types.js';

const DAY_MS = 86_400_000;

/** Device groups of the simulated tenant; rbacGroupId 0 with a null name means ungrouped. */
export const DEVICE_GROUPS: ReadonlyMap<string, number> = new Map([
  ['Servers', 101],
  ['Workstations', 102],
  ['Finance', 103],
]);

export function completeMachine(
  partial: Partial<SimMachine> & { computerDnsName: string },
  nowMs: number,
): SimMachine {
  const rbacGroupName = partial.rbacGroupName ?? null;
  const lastIpAddress = partial.lastIpAddress ?? `10.99.${randomInt(0, 256)}.${randomInt(2, 255)}`;
  return {
    id: partial.id ?? randomBytes(20).toString('hex'),
    computerDnsName: partial.computerDnsName,
    firstSeen: partial.firstSeen ?? new Date(nowMs - 90 * DAY_MS).toISOString(),
    lastSeen: partial.lastSeen ?? new Date(nowMs).toISOString(),
    osPlatform: partial.osPlatform ?? 'Windows11',
    version: partial.version ?? '23H2',
    osBuild: partial.osBuild === undefined ? 22631 : partial.osBuild,
    lastIpAddress,
    lastExternalIpAddress: partial.lastExternalIpAddress ?? '203.0.113.24',
    healthStatus: partial.healthStatus ?? 'Active',
    onboardingStatus: partial.onboardingStatus ?? 'Onboarded',
    rbacGroupId:
      partial.rbacGroupId ?? (rbacGroupName === null ? 0 : (DEVICE_GROUPS.get(rbacGroupName) ?? 199)),
    rbacGroupName,
    riskScore: partial.riskScore === undefined ? 'None' : partial.riskScore,
    exposureLevel: partial.exposureLevel === undefined ? 'Low' : partial.exposureLevel,
    deviceValue: partial.deviceValue === undefined ? 'Normal' : partial.deviceValue,
    aadDeviceId: partial.aadDeviceId ?? null,
    machineTags: partial.machineTags ?? [],
    isAadJoined: partial.isAadJoined ?? false,
    osArchitecture: partial.osArchitecture ?? '64-bit',
    agentVersion: partial.agentVersion ?? '10.8760.22621.1016',
    ipAddresses: partial.ipAddresses ?? [
      {
        ipAddress: lastIpAddress,
        macAddress: '00155D' + randomBytes(3).toString('hex').toUpperCase(),
        type: 'Ethernet',
        operationalStatus: 'Up',
      },
    ],
  };
}

export type AlertSeed = Partial<SimAlert> & { title: string; severity: SimAlert['severity'] };

export function completeAlert(
  partial: AlertSeed,
  machine: SimMachine,
  tenantId: string,
  nowMs: number,
): SimAlert {
  const created = partial.alertCreationTime ?? new Date(nowMs).toISOString();
  const createdMs = Date.parse(created);
  return {
    id: partial.id ?? `da${randomDigits(18)}_${randomDigits(10)}`,
    incidentId: partial.incidentId === undefined ? null : partial.incidentId,
    investigationId: partial.investigationId === undefined ? null : partial.investigationId,
    assignedTo: partial.assignedTo ?? null,
    severity: partial.severity,
    status: partial.status ?? 'New',
    classification: partial.classification ?? null,
    determination: partial.determination ?? null,
    detectionSource: partial.detectionSource ?? 'WindowsDefenderAtp',
    category: partial.category ?? 'SuspiciousActivity',
    threatFamilyName: partial.threatFamilyName ?? null,
    title: partial.title,
    description: partial.description ?? partial.title,
    alertCreationTime: created,
    firstEventTime: partial.firstEventTime ?? new Date(createdMs - 5 * 60_000).toISOString(),
    lastEventTime: partial.lastEventTime ?? new Date(createdMs - 60_000).toISOString(),
    lastUpdateTime: partial.lastUpdateTime ?? created,
    resolvedTime: partial.resolvedTime ?? null,
    machineId: machine.id,
    computerDnsName: machine.computerDnsName,
    rbacGroupName: machine.rbacGroupName,
    aadTenantId: partial.aadTenantId ?? tenantId,
    mitreTechniques: partial.mitreTechniques ?? [],
    relatedUser: partial.relatedUser ?? null,
    comments: partial.comments ?? [],
    evidence: partial.evidence ?? [],
    history: partial.history ?? [],
  };
}

/** MDE alert ids look like da637472900382838869_1364969609. */
function randomDigits(length: number): string {
  return Array.from({ length }, () => String(randomInt(0, 10))).join('');
}
