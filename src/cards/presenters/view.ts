// Shapes MDE resources into the data the card templates expect.
import type {
  AlertRow,
  AlertSeverity,
  MachineActionRow,
  MachineCandidate,
  MachineCardData,
} from '../types.js';
import type { Alert, Machine, MachineAction } from '../../defender/index.js';
import { portalLinks } from './portal.js';

const EPOCH = '1970-01-01T00:00:00Z';

export function machineName(machine: Machine): string {
  return machine.computerDnsName ?? machine.id;
}

export function machineCardData(machine: Machine): MachineCardData {
  const ips = machine.ipAddresses
    .map((ip) => ip.ipAddress)
    .filter((ip): ip is string => typeof ip === 'string' && ip.length > 0);
  return {
    id: machine.id,
    name: machineName(machine),
    osPlatform: machine.osPlatform ?? 'Unknown OS',
    ...(machine.version ? { osVersion: machine.version } : {}),
    healthStatus: machine.healthStatus ?? 'Unknown',
    riskScore: machine.riskScore ?? 'None',
    exposureLevel: machine.exposureLevel ?? 'None',
    ...(machine.rbacGroupName ? { deviceGroup: machine.rbacGroupName } : {}),
    lastSeenAt: machine.lastSeen ?? EPOCH,
    ipAddresses: [...new Set(machine.lastIpAddress ? [machine.lastIpAddress, ...ips] : ips)].slice(0, 8),
    tags: machine.machineTags.slice(0, 20),
    portalUrl: portalLinks.machine(machine.id),
  };
}

export function machineCandidate(machine: Machine): MachineCandidate {
  return {
    id: machine.id,
    name: machineName(machine),
    osPlatform: machine.osPlatform ?? 'Unknown OS',
    lastSeenAt: machine.lastSeen ?? EPOCH,
    ...(machine.rbacGroupName ? { deviceGroup: machine.rbacGroupName } : {}),
  };
}

const CARD_SEVERITIES: Record<string, AlertSeverity> = {
  High: 'High',
  Medium: 'Medium',
  Low: 'Low',
  Informational: 'Informational',
};

export function cardSeverity(severity: string): AlertSeverity {
  return CARD_SEVERITIES[severity] ?? 'Informational';
}

export function alertRow(alert: Alert): AlertRow {
  return {
    id: alert.id,
    title: alert.title ?? '(untitled alert)',
    severity: cardSeverity(alert.severity),
    machineName: alert.computerDnsName ?? alert.machineId ?? 'unknown machine',
    createdAt: alert.alertCreationTime ?? EPOCH,
    status: alert.status,
    portalUrl: portalLinks.alert(alert.id),
  };
}

export function machineActionRow(action: MachineAction): MachineActionRow {
  return {
    id: action.id,
    type: action.type,
    status: action.status,
    requestor: action.requestor ?? 'unknown',
    createdAt: action.creationDateTimeUtc,
  };
}
