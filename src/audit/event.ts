// What one audit entry holds: who did what, through which chat, with which decision and outcome.
// The schema also checks entries read back from Redis, which outlive the code that wrote them.
import { z } from 'zod';

export const AUDIT_EVENT_TYPES = [
  'command',
  'authz',
  'approval',
  'mde-submit',
  'mde-outcome',
  'signin',
] as const;

export const AuditEventSchema = z.object({
  type: z.enum(AUDIT_EVENT_TYPES),
  /** ISO 8601 time of the event. */
  at: z.iso.datetime({ offset: true }),
  correlationId: z.string(),
  platform: z.enum(['slack', 'teams']),
  /** Slack user id or Teams from.id of the person acting. */
  actorId: z.string(),
  actorAad: z.string().optional(),
  verb: z.string().optional(),
  /** allow | deny | needs-approval for authz; approved | rejected | expired for approvals. */
  decision: z.string().optional(),
  /** The user's reason for a machine action, or why something was refused. */
  reason: z.string().optional(),
  machineId: z.string().optional(),
  actionId: z.string().optional(),
  tokenContext: z.enum(['app', 'user']).optional(),
  outcome: z.string().optional(),
  /** authz only: the verb needs no role (set by the app layer from the command registry). */
  roleFree: z.boolean().optional(),
  /** Small, non-secret facts (status codes, MDE error codes); never tokens. */
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
});

export type AuditEvent = z.infer<typeof AuditEventSchema>;
export type AuditEventType = AuditEvent['type'];
