// The approval record kept in Redis, and the zod schema that checks every record read back,
// so a corrupted or hand-edited value is treated as absent instead of trusted. A record is about a
// machine action (isolate, release, …) or an indicator (block, unblock); its verb tells which.
import { z } from 'zod';
import { INDICATOR_KINDS, type IndicatorKind } from '../../core/indicators.js';
import {
  APPROVAL_STATES,
  BotError,
  ISOLATION_TYPES,
  type ApprovalState,
  type ChatUser,
  type ConversationRef,
  type IsolationType,
  type MessageRef,
} from '../../core/index.js';

export const MACHINE_APPROVAL_VERBS = ['isolate', 'release', 'restrict', 'unrestrict', 'run'] as const;
export const INDICATOR_APPROVAL_VERBS = ['block', 'unblock'] as const;
export const APPROVAL_VERBS = [...MACHINE_APPROVAL_VERBS, ...INDICATOR_APPROVAL_VERBS] as const;
export type MachineApprovalVerb = (typeof MACHINE_APPROVAL_VERBS)[number];
export type IndicatorApprovalVerb = (typeof INDICATOR_APPROVAL_VERBS)[number];
export type ApprovalVerb = (typeof APPROVAL_VERBS)[number];

/** The indicator a `block` or `unblock` request is about. */
export interface IndicatorRequest {
  /** The value as MDE is sent it (checked by core/indicators). */
  value: string;
  kind: IndicatorKind;
  /** `block`: days from its submission until the indicator expires. */
  expireDays?: number;
  /** `unblock`: the MDE indicator to delete. */
  id?: string;
}

/** What every approval request has, whatever it is about. */
export interface ApprovalBase {
  /** Opaque, URL-safe, never contains ':' (it is part of BullMQ job ids). */
  id: string;
  reason: string;
  /** Every verified identity of the requester (platform id, Entra id, email, UPN), as four-eyes compared them. */
  requester: ChatUser;
  conversation: ConversationRef;
  /** Where the approval card was posted, so it can be updated in place. */
  message?: MessageRef;
  correlationId: string;
  state: ApprovalState;
  createdAt: string;
  expiresAt: string;
  /** Every verified identity of whoever decided, as four-eyes compared them with the requester's. */
  decidedBy?: ChatUser;
  decidedAt?: string;
  /** The requester withdrew the request (state 'denied'). */
  cancelled?: boolean;
  /** What the approved request became in MDE: the machine action's id, or the indicator's. */
  actionId?: string;
  failure?: string;
}

/**
 * What the approver should see about the target machine, read from MDE when the request is made: its
 * health and exposure, where it sits, and its open alerts.
 */
export interface MachineFacts {
  healthStatus: string;
  riskScore: string;
  exposureLevel: string;
  osPlatform: string;
  lastSeen?: string;
  deviceGroup?: string;
  tags: string[];
  /** Undefined when MDE could not be asked for them (the request goes on without). */
  openAlerts?: {
    count: number;
    /** More open alerts than were read (the count is a lower bound). */
    more: boolean;
    highestSeverity?: string;
    newestTitle?: string;
  };
}

export interface MachineApprovalRecord extends ApprovalBase {
  verb: MachineApprovalVerb;
  machineId: string;
  machineName: string;
  isolationType?: IsolationType;
  /** The machine as MDE described it when the request was made (absent on older records). */
  facts?: MachineFacts;
  /** `run`: the library script to start, and its arguments (absent for every other verb). */
  script?: string;
  args?: string;
}

export interface IndicatorApprovalRecord extends ApprovalBase {
  verb: IndicatorApprovalVerb;
  indicator: IndicatorRequest;
}

export type ApprovalRecord = MachineApprovalRecord | IndicatorApprovalRecord;

export function isIndicatorApproval(record: ApprovalRecord): record is IndicatorApprovalRecord {
  return (INDICATOR_APPROVAL_VERBS as readonly string[]).includes(record.verb);
}

/** What the request is about, in a few words: the machine's name, or the indicator's value. */
export function approvalSubject(record: ApprovalRecord): string {
  return isIndicatorApproval(record) ? record.indicator.value : record.machineName;
}

/** 16 random bytes in base64url: 22 characters of [A-Za-z0-9_-]. */
export const APPROVAL_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

const text = z.string().min(1);
const isoTime = z.iso.datetime();

// JSON drops undefined values; the transforms put the keys back so the output is a real ChatUser.
// Every identity four-eyes compares is kept (UPN, and whether the directory answered): the record
// must show an auditor why the requester and the approver were judged to be different people.
const ChatUserSchema = z
  .object({
    platform: z.enum(['slack', 'teams']),
    id: text,
    tenantId: z.string().optional(),
    displayName: z.string().optional(),
    email: z.string().optional(),
    aadObjectId: z.string().optional(),
    userPrincipalName: z.string().optional(),
    directory: z.literal('unavailable').optional(),
  })
  .transform((u): ChatUser => ({
    platform: u.platform,
    id: u.id,
    tenantId: u.tenantId,
    displayName: u.displayName,
    email: u.email,
    aadObjectId: u.aadObjectId,
    ...(u.userPrincipalName === undefined ? {} : { userPrincipalName: u.userPrincipalName }),
    ...(u.directory === undefined ? {} : { directory: u.directory }),
  }));

const ConversationRefSchema = z
  .object({
    platform: z.enum(['slack', 'teams']),
    id: text,
    tenantId: z.string().optional(),
    serviceUrl: z.string().optional(),
    platformData: z.record(z.string(), z.unknown()).optional(),
  })
  .transform((c): ConversationRef => ({
    platform: c.platform,
    id: c.id,
    tenantId: c.tenantId,
    serviceUrl: c.serviceUrl,
    platformData: c.platformData,
  }));

const MessageRefSchema = z.object({ conversation: ConversationRefSchema, messageId: text });

const baseFields = {
  id: z.string().regex(APPROVAL_ID_PATTERN),
  reason: text,
  requester: ChatUserSchema,
  conversation: ConversationRefSchema,
  message: MessageRefSchema.optional(),
  correlationId: text,
  state: z.enum(APPROVAL_STATES),
  createdAt: isoTime,
  expiresAt: isoTime,
  decidedBy: ChatUserSchema.optional(),
  decidedAt: isoTime.optional(),
  cancelled: z.boolean().optional(),
  actionId: text.optional(),
  failure: text.optional(),
};

const IndicatorRequestSchema = z.object({
  value: text,
  kind: z.enum(INDICATOR_KINDS),
  expireDays: z.number().int().positive().optional(),
  id: z
    .string()
    .regex(/^\d{1,19}$/)
    .optional(),
});

const MachineFactsSchema = z
  .object({
    healthStatus: z.string(),
    riskScore: z.string(),
    exposureLevel: z.string(),
    osPlatform: z.string(),
    lastSeen: z.string().optional(),
    deviceGroup: z.string().optional(),
    tags: z.array(z.string()),
    openAlerts: z
      .object({
        count: z.number().int().nonnegative(),
        more: z.boolean(),
        highestSeverity: z.string().optional(),
        newestTitle: z.string().optional(),
      })
      .optional(),
  })
  .transform((f): MachineFacts => JSON.parse(JSON.stringify(f)) as MachineFacts);

// Records written before indicators existed have no `indicator` and a machine verb: they still parse.
export const ApprovalRecordSchema = z.union([
  z
    .object({
      ...baseFields,
      verb: z.enum(MACHINE_APPROVAL_VERBS),
      machineId: text,
      machineName: text,
      isolationType: z.enum(ISOLATION_TYPES).optional(),
      facts: MachineFactsSchema.optional(),
      script: z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/)
        .optional(),
      args: z.string().max(1000).optional(),
    })
    .refine((record) => (record.verb === 'run') === (record.script !== undefined), {
      message: 'a run request names its script, and only a run request does',
    }),
  z.object({ ...baseFields, verb: z.enum(INDICATOR_APPROVAL_VERBS), indicator: IndicatorRequestSchema }),
]) satisfies z.ZodType<ApprovalRecord, unknown>;

/** The record in `raw`, or undefined when it is not JSON or does not fit the schema. */
export function parseApprovalRecord(raw: string | null | undefined): ApprovalRecord | undefined {
  if (raw === null || raw === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const parsed = ApprovalRecordSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** What a requester supplies; the store adds the id, state and times. */
export type NewApproval =
  | Pick<
      MachineApprovalRecord,
      | 'verb'
      | 'machineId'
      | 'machineName'
      | 'reason'
      | 'isolationType'
      | 'facts'
      | 'script'
      | 'args'
      | NewFields
    >
  | Pick<IndicatorApprovalRecord, 'verb' | 'indicator' | 'reason' | NewFields>;
type NewFields = 'requester' | 'conversation' | 'correlationId';

/** A fresh pending record; refuses now what `parseApprovalRecord` would later refuse to read back. */
export function newPendingRecord(input: NewApproval, id: string, now: number, ttlMs: number): ApprovalRecord {
  const times = {
    id,
    state: 'pending' as const,
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + ttlMs).toISOString(),
  };
  const common = {
    reason: input.reason,
    requester: input.requester,
    conversation: input.conversation,
    correlationId: input.correlationId,
  };
  const record: ApprovalRecord =
    'indicator' in input
      ? { ...times, ...common, verb: input.verb, indicator: { ...input.indicator } }
      : {
          ...times,
          ...common,
          verb: input.verb,
          machineId: input.machineId,
          machineName: input.machineName,
          ...(input.isolationType ? { isolationType: input.isolationType } : {}),
          ...(input.facts ? { facts: input.facts } : {}),
          ...(input.script ? { script: input.script } : {}),
          ...(input.args ? { args: input.args } : {}),
        };
  const valid = ApprovalRecordSchema.safeParse(record);
  if (!valid.success) {
    throw new BotError(
      'INVALID_INPUT',
      'The approval request is missing a machine or indicator, a reason or a requester.',
      {
        cause: valid.error,
      },
    );
  }
  return record;
}
