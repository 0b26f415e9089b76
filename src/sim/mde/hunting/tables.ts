// The advanced-hunting dataset, derived from the simulated tenant so queries agree with what the REST
// endpoints return: DeviceInfo, DeviceAlertEvents, DeviceProcessEvents and DeviceFileEvents (from
// alert evidence), DeviceLogonEvents and DeviceNetworkEvents (a fixed pattern per machine), AlertInfo
// and AlertEvidence.
import type { SimAlert, SimMachine } from '../../types.js';

export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

export interface Column {
  Name: string;
  Type: 'String' | 'DateTime' | 'Int64' | 'Boolean';
}

export interface HuntingTable {
  schema: Column[];
  rows: Row[];
}

const column = (Name: string, Type: Column['Type'] = 'String'): Column => ({ Name, Type });

export function buildTables(
  machines: readonly SimMachine[],
  alerts: readonly SimAlert[],
): ReadonlyMap<string, HuntingTable> {
  return new Map([
    ['DeviceInfo', deviceInfo(machines)],
    ['DeviceAlertEvents', deviceAlertEvents(alerts)],
    ['DeviceProcessEvents', deviceProcessEvents(alerts)],
    ['DeviceFileEvents', deviceFileEvents(alerts)],
    ['DeviceLogonEvents', deviceLogonEvents(machines)],
    ['DeviceNetworkEvents', deviceNetworkEvents(machines)],
    ['AlertInfo', alertInfo(alerts)],
    ['AlertEvidence', alertEvidence(alerts)],
  ]);
}

function deviceInfo(machines: readonly SimMachine[]): HuntingTable {
  return {
    schema: [
      column('Timestamp', 'DateTime'),
      column('DeviceId'),
      column('DeviceName'),
      column('OSPlatform'),
      column('OSBuild', 'Int64'),
      column('PublicIP'),
      column('MachineGroup'),
      column('IsAzureADJoined', 'Boolean'),
    ],
    rows: machines.map((machine) => ({
      Timestamp: machine.lastSeen,
      DeviceId: machine.id,
      DeviceName: machine.computerDnsName,
      OSPlatform: machine.osPlatform,
      OSBuild: machine.osBuild,
      PublicIP: machine.lastExternalIpAddress,
      MachineGroup: machine.rbacGroupName,
      IsAzureADJoined: machine.isAadJoined,
    })),
  };
}

function deviceAlertEvents(alerts: readonly SimAlert[]): HuntingTable {
  return {
    schema: [
      column('Timestamp', 'DateTime'),
      column('AlertId'),
      column('Title'),
      column('Severity'),
      column('Category'),
      column('DeviceId'),
      column('DeviceName'),
    ],
    rows: alerts.map((alert) => ({
      Timestamp: alert.alertCreationTime,
      AlertId: alert.id,
      Title: alert.title,
      Severity: alert.severity,
      Category: alert.category,
      DeviceId: alert.machineId,
      DeviceName: alert.computerDnsName,
    })),
  };
}

function deviceProcessEvents(alerts: readonly SimAlert[]): HuntingTable {
  return {
    schema: [
      column('Timestamp', 'DateTime'),
      column('DeviceId'),
      column('DeviceName'),
      column('FileName'),
      column('FolderPath'),
      column('ProcessCommandLine'),
      column('SHA1'),
      column('SHA256'),
      column('AccountName'),
      column('InitiatingProcessFileName'),
    ],
    rows: alerts.flatMap((alert) =>
      alert.evidence
        .filter((item) => item.entityType === 'Process')
        .map((item) => ({
          Timestamp: alert.firstEventTime,
          DeviceId: alert.machineId,
          DeviceName: alert.computerDnsName,
          FileName: text(item.fileName),
          FolderPath: text(item.filePath),
          ProcessCommandLine: text(item.processCommandLine),
          SHA1: text(item.sha1),
          SHA256: text(item.sha256),
          AccountName: text(item.accountName),
          InitiatingProcessFileName: text(item.parentProcessFileName),
        })),
    ),
  };
}

const text = (value: unknown): Cell => (typeof value === 'string' ? value : null);
const processEvidence = (alert: SimAlert) => alert.evidence.filter((item) => item.entityType === 'Process');

function deviceFileEvents(alerts: readonly SimAlert[]): HuntingTable {
  return {
    schema: [
      column('Timestamp', 'DateTime'),
      column('DeviceId'),
      column('DeviceName'),
      column('ActionType'),
      column('FileName'),
      column('FolderPath'),
      column('SHA1'),
      column('SHA256'),
    ],
    rows: alerts.flatMap((alert) =>
      processEvidence(alert).map((item) => ({
        Timestamp: alert.firstEventTime,
        DeviceId: alert.machineId,
        DeviceName: alert.computerDnsName,
        ActionType: 'FileCreated',
        FileName: text(item.fileName),
        FolderPath: text(item.filePath),
        SHA1: text(item.sha1),
        SHA256: text(item.sha256),
      })),
    ),
  };
}

/** Who logs on where: the same few accounts on every machine, hours apart, ending at its last contact. */
const LOGON_ACCOUNTS = ['alex.analyst', 'val.viewer', 'svc-backup'] as const;
const LOGON_TYPES = ['Interactive', 'RemoteInteractive', 'Network'] as const;

function deviceLogonEvents(machines: readonly SimMachine[]): HuntingTable {
  return {
    schema: [
      column('Timestamp', 'DateTime'),
      column('DeviceId'),
      column('DeviceName'),
      column('ActionType'),
      column('LogonType'),
      column('AccountDomain'),
      column('AccountName'),
      column('RemoteIP'),
    ],
    rows: machines.flatMap((machine, m) =>
      LOGON_ACCOUNTS.map((account, index) => ({
        Timestamp: hoursBefore(machine.lastSeen, index * 3 + 1),
        DeviceId: machine.id,
        DeviceName: machine.computerDnsName,
        ActionType: (m + index) % 5 === 4 ? 'LogonFailed' : 'LogonSuccess',
        LogonType: LOGON_TYPES[index] ?? 'Network',
        AccountDomain: 'contoso',
        AccountName: account,
        RemoteIP: index === 0 ? null : `10.0.${m % 250}.${10 + index}`,
      })),
    ),
  };
}

/** Outbound connections: each machine talks to the update service and to one of a few outside hosts. */
const REMOTE_HOSTS = [
  { ip: '198.51.100.23', url: 'cdn.fabrikam-updates.example', port: 443 },
  { ip: '203.0.113.66', url: 'c2.badhost.example', port: 8443 },
  { ip: '192.0.2.10', url: 'files.contoso-partner.example', port: 443 },
] as const;

function deviceNetworkEvents(machines: readonly SimMachine[]): HuntingTable {
  return {
    schema: [
      column('Timestamp', 'DateTime'),
      column('DeviceId'),
      column('DeviceName'),
      column('ActionType'),
      column('RemoteIP'),
      column('RemotePort', 'Int64'),
      column('RemoteUrl'),
      column('LocalIP'),
      column('InitiatingProcessFileName'),
    ],
    rows: machines.flatMap((machine, m) => {
      const hosts = [REMOTE_HOSTS[0], REMOTE_HOSTS[1 + (m % 2)] ?? REMOTE_HOSTS[0]];
      return hosts.map((host, index) => ({
        Timestamp: hoursBefore(machine.lastSeen, index * 2 + 2),
        DeviceId: machine.id,
        DeviceName: machine.computerDnsName,
        ActionType: 'ConnectionSuccess',
        RemoteIP: host.ip,
        RemotePort: host.port,
        RemoteUrl: host.url,
        LocalIP: machine.lastIpAddress,
        InitiatingProcessFileName: index === 0 ? 'svchost.exe' : 'powershell.exe',
      }));
    }),
  };
}

function alertInfo(alerts: readonly SimAlert[]): HuntingTable {
  return {
    schema: [
      column('Timestamp', 'DateTime'),
      column('AlertId'),
      column('Title'),
      column('Category'),
      column('Severity'),
      column('ServiceSource'),
      column('DetectionSource'),
    ],
    rows: alerts.map((alert) => ({
      Timestamp: alert.alertCreationTime,
      AlertId: alert.id,
      Title: alert.title,
      Category: alert.category,
      Severity: alert.severity,
      ServiceSource: 'Microsoft Defender for Endpoint',
      DetectionSource: alert.detectionSource,
    })),
  };
}

function alertEvidence(alerts: readonly SimAlert[]): HuntingTable {
  return {
    schema: [
      column('Timestamp', 'DateTime'),
      column('AlertId'),
      column('Title'),
      column('Severity'),
      column('EntityType'),
      column('DeviceId'),
      column('DeviceName'),
      column('AccountName'),
      column('AccountUpn'),
      column('SHA256'),
      column('FileName'),
    ],
    rows: alerts.flatMap((alert) => [
      {
        Timestamp: alert.alertCreationTime,
        AlertId: alert.id,
        Title: alert.title,
        Severity: alert.severity,
        EntityType: 'Machine',
        DeviceId: alert.machineId,
        DeviceName: alert.computerDnsName,
        AccountName: null,
        AccountUpn: null,
        SHA256: null,
        FileName: null,
      },
      ...alert.evidence
        .filter((item) => item.entityType === 'User' || item.entityType === 'Process')
        .map((item) => ({
          Timestamp: alert.alertCreationTime,
          AlertId: alert.id,
          Title: alert.title,
          Severity: alert.severity,
          EntityType: item.entityType === 'User' ? 'User' : 'Process',
          DeviceId: alert.machineId,
          DeviceName: alert.computerDnsName,
          AccountName: text(item.accountName),
          AccountUpn: text(item.userPrincipalName),
          SHA256: text(item.sha256),
          FileName: text(item.fileName),
        })),
    ]),
  };
}

function hoursBefore(iso: string, hours: number): string {
  return new Date(Date.parse(iso) - hours * 3_600_000).toISOString();
}
