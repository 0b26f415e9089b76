// The advanced-hunting dataset: DeviceInfo, DeviceAlertEvents and DeviceProcessEvents rows derived
// from the simulated tenant, so queries agree with what the REST endpoints return.
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
  const text = (value: unknown): Cell => (typeof value === 'string' ? value : null);
  return {
    schema: [
      column('Timestamp', 'DateTime'),
      column('DeviceId'),
      column('DeviceName'),
      column('FileName'),
      column('FolderPath'),
      column('ProcessCommandLine'),
      column('SHA1'),
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
          AccountName: text(item.accountName),
          InitiatingProcessFileName: text(item.parentProcessFileName),
        })),
    ),
  };
}
