// The approval record kept in Redis, and the zod schema that checks every record read back,
// so a corrupted or hand-edited value is treated as absent instead of trusted.
import { z } from 'zod';
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

export const APPROVAL_VERBS = ['isolate', 'release', 'restrict', 'unrestrict'] as const;
export type ApprovalVerb = (typeof APPROVAL_VERBS)[number];

export interface ApprovalRecord {
  /** Opaque, URL-safe, never contains ':' (it is part of BullMQ job ids). */
  id: string;
  verb: ApprovalVerb;
  machineId: string;
  machineName: string;
  reason: string;
  isolationType?: IsolationType;
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
  /** The MDE machine action the approved request became. */
  actionId?: string;
  failure?: string;
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

export const ApprovalRecordSchema = z.object({
  id: z.string().regex(APPROVAL_ID_PATTERN),
  verb: z.enum(APPROVAL_VERBS),
  machineId: text,
  machineName: text,
  reason: text,
  isolationType: z.enum(ISOLATION_TYPES).optional(),
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
}) satisfies z.ZodType<ApprovalRecord, unknown>;

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
export interface NewApproval {
  verb: ApprovalVerb;
  machineId: string;
  machineName: string;
  reason: string;
  isolationType?: IsolationType;
  requester: ChatUser;
  conversation: ConversationRef;
  correlationId: string;
}

/** A fresh pending record; refuses now what `parseApprovalRecord` would later refuse to read back. */
export function newPendingRecord(input: NewApproval, id: string, now: number, ttlMs: number): ApprovalRecord {
  const record: ApprovalRecord = {
    id,
    verb: input.verb,
    machineId: input.machineId,
    machineName: input.machineName,
    reason: input.reason,
    isolationType: input.isolationType,
    requester: input.requester,
    conversation: input.conversation,
    correlationId: input.correlationId,
    state: 'pending',
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + ttlMs).toISOString(),
  };
  const valid = ApprovalRecordSchema.safeParse(record);
  if (!valid.success) {
    throw new BotError(
      'INVALID_INPUT',
      'The approval request is missing a machine, a reason or a requester.',
      {
        cause: valid.error,
      },
    );
  }
  return record;
}
