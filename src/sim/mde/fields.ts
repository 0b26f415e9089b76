// Which properties each MDE list endpoint lets $filter use (reference/mde-api.md sections 3, 5, 6).
import type { SimAlert, SimMachine, SimMachineAction } from '../types.js';
import type { SimIndicator } from './indicators.js';
import type { FieldTable } from './odata.js';

export const MACHINE_FIELDS: FieldTable<SimMachine> = {
  computerDnsName: { kind: 'string', read: (m) => m.computerDnsName },
  id: { kind: 'string', read: (m) => m.id },
  version: { kind: 'string', read: (m) => m.version },
  deviceValue: { kind: 'string', read: (m) => m.deviceValue },
  aadDeviceId: { kind: 'string', read: (m) => m.aadDeviceId },
  machineTags: { kind: 'stringList', read: (m) => m.machineTags },
  lastSeen: { kind: 'datetime', read: (m) => m.lastSeen },
  exposureLevel: { kind: 'string', read: (m) => m.exposureLevel },
  onboardingStatus: { kind: 'string', read: (m) => m.onboardingStatus },
  lastIpAddress: { kind: 'string', read: (m) => m.lastIpAddress },
  healthStatus: { kind: 'string', read: (m) => m.healthStatus },
  osPlatform: { kind: 'string', read: (m) => m.osPlatform },
  riskScore: { kind: 'string', read: (m) => m.riskScore },
  rbacGroupId: { kind: 'number', read: (m) => m.rbacGroupId },
};

export const ALERT_FIELDS: FieldTable<SimAlert> = {
  alertCreationTime: { kind: 'datetime', read: (a) => a.alertCreationTime },
  lastUpdateTime: { kind: 'datetime', read: (a) => a.lastUpdateTime },
  lastEventTime: { kind: 'datetime', read: (a) => a.lastEventTime },
  incidentId: { kind: 'number', read: (a) => a.incidentId },
  investigationId: { kind: 'number', read: (a) => a.investigationId },
  id: { kind: 'string', read: (a) => a.id },
  assignedTo: { kind: 'string', read: (a) => a.assignedTo },
  detectionSource: { kind: 'string', read: (a) => a.detectionSource },
  status: { kind: 'string', read: (a) => a.status },
  severity: { kind: 'string', read: (a) => a.severity },
  category: { kind: 'string', read: (a) => a.category },
  machineId: { kind: 'string', read: (a) => a.machineId },
};

export const ACTION_FIELDS: FieldTable<SimMachineAction> = {
  id: { kind: 'string', read: (a) => a.id },
  status: { kind: 'string', read: (a) => a.status },
  machineId: { kind: 'string', read: (a) => a.machineId },
  type: { kind: 'string', read: (a) => a.type },
  requestor: { kind: 'string', read: (a) => a.requestor },
  creationDateTimeUtc: { kind: 'datetime', read: (a) => a.creationDateTimeUtc },
};

export const INDICATOR_FIELDS: FieldTable<SimIndicator> = {
  indicatorValue: { kind: 'string', read: (i) => i.indicatorValue },
  indicatorType: { kind: 'string', read: (i) => i.indicatorType },
  action: { kind: 'string', read: (i) => i.action },
  severity: { kind: 'string', read: (i) => i.severity },
  title: { kind: 'string', read: (i) => i.title },
  application: { kind: 'string', read: (i) => i.application },
  createdBy: { kind: 'string', read: (i) => i.createdBy },
  createdByDisplayName: { kind: 'string', read: (i) => i.createdByDisplayName },
  rbacGroupNames: { kind: 'stringList', read: (i) => i.rbacGroupNames },
  expirationTime: { kind: 'datetime', read: (i) => i.expirationTime },
  creationTimeDateTimeUtc: { kind: 'datetime', read: (i) => i.creationTimeDateTimeUtc },
};
