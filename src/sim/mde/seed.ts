// Seeds a realistic tenant deterministically (same machines and alerts every run), with times
// relative to the injected clock.
import type { SimAlert, SimMachine } from '../types.js';
import { completeAlert, completeMachine } from './factories.js';
import { seededRandom, type Random } from './prng.js';
import {
  ALERT_TEMPLATES,
  ANALYSTS,
  HOSTS,
  OS_DETAILS,
  UNSPECIFIED_TEMPLATE,
  USERS,
  type AlertTemplate,
  type HostPlan,
} from './seed-data.js';
import type { MdeStore } from './store.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const SUBNETS: Readonly<Record<string, number>> = { Servers: 10, Workstations: 20, Finance: 30 };
const STATUSES: readonly SimAlert['status'][] = ['New', 'InProgress', 'Resolved'];

export function seedTenant(store: MdeStore, tenantId: string, nowMs: number): void {
  const random = seededRandom(0x5eed_d3f);
  const machines = HOSTS.map((host, index) => seedMachine(random, host, index, nowMs));
  machines.forEach((machine) => store.addMachine(machine));
  // An address that moved: ws-05 held ws-11's current address a day ago (findbyip must tell them apart by time).
  const [ws05, ws11] = ['ws-05.contoso.local', 'ws-11.contoso.local'].map((name) => store.findMachine(name));
  if (ws05 !== undefined && ws11 !== undefined)
    store.sightings.get(ws05.id)?.push({ ipAddress: ws11.lastIpAddress, atMs: nowMs - DAY_MS });

  const templates = [...ALERT_TEMPLATES, ...ALERT_TEMPLATES, ...ALERT_TEMPLATES];
  templates.forEach((template, index) =>
    store.alerts.push(
      seedAlert(random, template, STATUSES[index % 3] ?? 'New', random.pick(machines), tenantId, nowMs),
    ),
  );
  store.alerts.push(
    seedAlert(random, UNSPECIFIED_TEMPLATE, 'Unknown', random.pick(machines), tenantId, nowMs),
  );
}

function seedMachine(random: Random, host: HostPlan, index: number, nowMs: number): SimMachine {
  const inactive = index % 11 === 5;
  const ip = `10.${host.group === null ? 99 : (SUBNETS[host.group] ?? 99)}.${random.int(0, 3)}.${10 + index}`;
  const workstation =
    host.group === 'Workstations' || host.group === 'Finance' ? !host.os.startsWith('WindowsServer') : false;
  return completeMachine(
    {
      id: random.hex(40),
      computerDnsName: host.name,
      firstSeen: new Date(nowMs - random.int(60, 400) * DAY_MS).toISOString(),
      lastSeen: new Date(
        nowMs - (inactive ? random.int(10, 20) * DAY_MS : random.int(5, 360) * 60_000),
      ).toISOString(),
      osPlatform: host.os,
      ...OS_DETAILS[host.os],
      lastIpAddress: ip,
      lastExternalIpAddress: `203.0.113.${random.int(2, 250)}`,
      healthStatus: inactive ? 'Inactive' : index % 13 === 7 ? 'ImpairedCommunication' : 'Active',
      rbacGroupName: host.group,
      riskScore: random.pick(['None', 'Informational', 'Low', 'Medium', 'High'] as const),
      exposureLevel: random.pick(['Low', 'Medium', 'High'] as const),
      deviceValue:
        host.tags?.includes('tier0') === true || host.tags?.includes('vip') === true ? 'High' : 'Normal',
      aadDeviceId: workstation ? random.uuid() : null,
      isAadJoined: workstation,
      machineTags: host.tags ?? [],
      agentVersion: host.os === 'Linux' || host.os === 'macOS' ? '101.24052.0002' : '10.8760.22621.1016',
      ipAddresses: [
        {
          ipAddress: ip,
          macAddress: `00155D${random.hex(6).toUpperCase()}`,
          type: 'Ethernet',
          operationalStatus: 'Up',
        },
        { ipAddress: '127.0.0.1', macAddress: '', type: 'SoftwareLoopback', operationalStatus: 'Up' },
      ],
    },
    nowMs,
  );
}

function seedAlert(
  random: Random,
  template: AlertTemplate,
  status: SimAlert['status'],
  machine: SimMachine,
  tenantId: string,
  nowMs: number,
): SimAlert {
  const createdMs = nowMs - random.int(10, 7 * 24 * 60) * 60_000;
  const updatedMs = status === 'New' ? createdMs : Math.min(nowMs, createdMs + random.int(5, 600) * 60_000);
  const user = random.pick(USERS);
  const resolved = status === 'Resolved';
  const truePositive = template.severity === 'High' || template.severity === 'Medium';
  return completeAlert(
    {
      id: `da${random.digits(18)}_${random.digits(10)}`,
      incidentId: random.int(1000, 9999),
      investigationId: random.next() < 0.5 ? random.int(100, 999) : null,
      assignedTo: status === 'New' ? null : random.pick(ANALYSTS),
      severity: template.severity,
      status,
      classification: resolved ? (truePositive ? 'TruePositive' : 'FalsePositive') : null,
      determination: resolved ? (truePositive ? 'Malware' : 'Clean') : null,
      detectionSource: template.detectionSource,
      category: template.category,
      threatFamilyName: template.threatFamilyName,
      title: template.title,
      description: `${template.title} on ${machine.computerDnsName}. Review the process tree and the related evidence.`,
      alertCreationTime: new Date(createdMs).toISOString(),
      lastUpdateTime: new Date(updatedMs).toISOString(),
      resolvedTime: resolved ? new Date(updatedMs).toISOString() : null,
      mitreTechniques: template.mitreTechniques,
      relatedUser: { userName: user, domainName: 'CONTOSO' },
      evidence: [processEvidence(random, template, user, createdMs), userEvidence(user, createdMs)],
    },
    machine,
    tenantId,
    nowMs,
  );
}

const EVIDENCE_FIELDS = [
  'entityType',
  'evidenceCreationTime',
  'sha1',
  'sha256',
  'fileName',
  'filePath',
  'processId',
  'processCommandLine',
  'processCreationTime',
  'parentProcessId',
  'parentProcessCreationTime',
  'parentProcessFileName',
  'parentProcessFilePath',
  'ipAddress',
  'url',
  'registryKey',
  'registryHive',
  'registryValueType',
  'registryValue',
  'accountName',
  'domainName',
  'userSid',
  'aadUserId',
  'userPrincipalName',
  'detectionStatus',
] as const;

/** Evidence items carry every documented key, null when it does not apply, as MDE's do. */
function evidence(
  values: Partial<Record<(typeof EVIDENCE_FIELDS)[number], string | number>>,
): Record<string, unknown> {
  return Object.fromEntries(EVIDENCE_FIELDS.map((field) => [field, values[field] ?? null]));
}

function processEvidence(
  random: Random,
  template: AlertTemplate,
  user: string,
  createdMs: number,
): Record<string, unknown> {
  const time = new Date(createdMs - 4 * 60_000).toISOString();
  return evidence({
    entityType: 'Process',
    evidenceCreationTime: new Date(createdMs).toISOString(),
    sha1: random.hex(40),
    sha256: random.hex(64),
    fileName: template.process.fileName,
    filePath: template.process.filePath,
    processId: random.int(1000, 30000),
    processCommandLine: template.process.commandLine,
    processCreationTime: time,
    parentProcessId: random.int(500, 9000),
    parentProcessCreationTime: time,
    parentProcessFileName: template.process.parent,
    accountName: user,
    domainName: 'CONTOSO',
    detectionStatus: 'Detected',
  });
}

function userEvidence(user: string, createdMs: number): Record<string, unknown> {
  return evidence({
    entityType: 'User',
    evidenceCreationTime: new Date(createdMs).toISOString(),
    accountName: user,
    domainName: 'CONTOSO',
    userPrincipalName: `${user}@contoso.com`,
  });
}
