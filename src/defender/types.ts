// MDE resources as the client sees them: zod schemas validate every response at the edge,
// keep unknown fields (MDE adds fields over time) and type only what the bot uses.
import { z } from 'zod';

export const MACHINE_ACTION_STATUSES = [
  'Pending',
  'InProgress',
  'Succeeded',
  'Failed',
  'TimeOut',
  'Cancelled',
] as const;
export type MachineActionStatus = (typeof MACHINE_ACTION_STATUSES)[number];
export const FINAL_ACTION_STATUSES: ReadonlySet<MachineActionStatus> = new Set([
  'Succeeded',
  'Failed',
  'TimeOut',
  'Cancelled',
]);

export const MACHINE_ACTION_TYPES = [
  'RunAntiVirusScan',
  'Offboard',
  'LiveResponse',
  'CollectInvestigationPackage',
  'Isolate',
  'Unisolate',
  'StopAndQuarantineFile',
  'RestrictCodeExecution',
  'UnrestrictCodeExecution',
] as const;
export type MachineActionType = (typeof MACHINE_ACTION_TYPES)[number];

export const ALERT_SEVERITIES = ['UnSpecified', 'Informational', 'Low', 'Medium', 'High'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

const nullableString = z
  .string()
  .nullish()
  .transform((v) => v ?? null);

export const machineSchema = z.looseObject({
  id: z.string(),
  computerDnsName: nullableString,
  firstSeen: nullableString,
  lastSeen: nullableString,
  osPlatform: nullableString,
  version: nullableString,
  lastIpAddress: nullableString,
  lastExternalIpAddress: nullableString,
  healthStatus: nullableString,
  onboardingStatus: nullableString,
  rbacGroupId: z
    .union([z.number(), z.string()])
    .nullish()
    .transform((v) => v ?? null),
  rbacGroupName: nullableString,
  riskScore: nullableString,
  exposureLevel: nullableString,
  deviceValue: nullableString,
  machineTags: z
    .array(z.string())
    .nullish()
    .transform((v) => v ?? []),
  ipAddresses: z
    .array(z.looseObject({ ipAddress: z.string().nullish(), macAddress: z.string().nullish() }))
    .nullish()
    .transform((v) => v ?? []),
});
export type Machine = z.infer<typeof machineSchema>;

export const machineActionSchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  status: z.enum(MACHINE_ACTION_STATUSES),
  machineId: nullableString,
  computerDnsName: nullableString,
  requestor: nullableString,
  requestorComment: nullableString,
  scope: nullableString,
  creationDateTimeUtc: z.string(),
  lastUpdateDateTimeUtc: nullableString,
  errorHResult: z.number().nullish(),
});
export type MachineAction = z.infer<typeof machineActionSchema>;

const alertCommentSchema = z.looseObject({
  comment: nullableString,
  createdBy: nullableString,
  createdTime: nullableString,
});
export type AlertComment = z.infer<typeof alertCommentSchema>;

export const alertSchema = z.looseObject({
  id: z.string(),
  title: nullableString,
  description: nullableString,
  severity: z.string(),
  status: z.string(),
  category: nullableString,
  detectionSource: nullableString,
  assignedTo: nullableString,
  classification: nullableString,
  determination: nullableString,
  incidentId: z
    .number()
    .nullish()
    .transform((v) => v ?? null),
  machineId: nullableString,
  computerDnsName: nullableString,
  rbacGroupName: nullableString,
  alertCreationTime: nullableString,
  firstEventTime: nullableString,
  lastEventTime: nullableString,
  lastUpdateTime: nullableString,
  resolvedTime: nullableString,
  mitreTechniques: z
    .array(z.string())
    .nullish()
    .transform((v) => v ?? []),
  /** Append-only; GET /alerts/{id} returns them oldest first. */
  comments: z
    .array(alertCommentSchema)
    .nullish()
    .transform((v) => v ?? []),
  /** Present on GET /alerts/{id} and on lists with $expand=evidence; each item's keys vary by entityType. */
  evidence: z
    .array(z.record(z.string(), z.unknown()))
    .nullish()
    .transform((v) => v ?? []),
});
export type Alert = z.infer<typeof alertSchema>;

export function collectionSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({ value: z.array(item), '@odata.nextLink': z.string().optional() });
}

export const stringValueSchema = z.looseObject({ value: z.string() });

export const mdeErrorSchema = z.object({
  error: z.looseObject({
    code: z.string().optional(),
    message: z.string().optional(),
    target: z.string().optional(),
  }),
});

/** MDE's spelling of the chat `IsolationType` (core/vocabulary.ts); defender/vocabulary.ts maps one to the other. */
export type MdeIsolationType = 'Full' | 'Selective';
/** MDE's spelling of the chat `ScanType` (core/vocabulary.ts); defender/vocabulary.ts maps one to the other. */
export type MdeScanType = 'Quick' | 'Full';
