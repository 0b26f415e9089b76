// Approval requests in Redis (`<prefix>:approval:<id>`): created pending, decided once by a
// second person, expired by the clock, then linked to the MDE action they became.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { canApprove } from '../policy.js';
import { systemClock, type ChatUser, type Clock, type MessageRef, type Platform } from '../../core/index.js';
import type { RbacConfig } from '../../config/types.js';
import { updateAtomically, type Plan } from './cas.js';
import { identityUnresolved, samePerson } from './identity.js';
import { refusalMessage, type RefusalReason } from './messages.js';
import {
  APPROVAL_ID_PATTERN,
  newPendingRecord,
  parseApprovalRecord,
  type ApprovalRecord,
  type NewApproval,
} from './record.js';
import {
  decideTransition,
  executedTransition,
  expireTransition,
  failedTransition,
  type Decision,
} from './rules.js';

/** Decided and expired records stay readable this long after expiry, for audit and card refresh. */
export const APPROVAL_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

export interface ApprovalStoreOptions {
  redis: Redis;
  /** QUEUE_PREFIX. */
  prefix: string;
  clock?: Clock;
  /** How long a request waits for a decision (RBAC `approvals.ttlMinutes`). */
  ttlMinutes: number;
}

export type DecisionResult =
  | { ok: true; record: ApprovalRecord }
  | { ok: false; reason: RefusalReason; record?: ApprovalRecord; message: string };

export interface DecideOptions {
  /**
   * Runs once every check passed, just before a pending request is approved; if it throws, nothing
   * is decided. The caller schedules here what must exist before an approval can (the re-drive).
   */
  beforeApprove?: (record: ApprovalRecord) => Promise<void>;
}

/** `record` is what is stored after the call (undefined: no such approval). */
export interface UpdateResult {
  record: ApprovalRecord | undefined;
  changed: boolean;
}

export interface ApprovalStore {
  create(input: NewApproval): Promise<ApprovalRecord>;
  attachMessage(id: string, message: MessageRef): Promise<ApprovalRecord | undefined>;
  /** The record, or undefined when absent, malformed or tampered with. Never throws for bad data. */
  get(id: string): Promise<ApprovalRecord | undefined>;
  /**
   * Approve or deny as `approver`. Only approvers and admins decide, never the requester; the
   * requester may withdraw their own request with 'deny' (stored as denied + cancelled). An approver
   * whose platform directory did not answer is refused ('unresolved-identity'): four-eyes cannot
   * tell whether they are the requester under another account. The request then stays pending.
   */
  decide(
    id: string,
    decision: Decision,
    approver: ChatUser,
    rbac: RbacConfig,
    options?: DecideOptions,
  ): Promise<DecisionResult>;
  /** pending -> expired once the clock reaches expiresAt; a no-op otherwise. */
  expire(id: string): Promise<UpdateResult>;
  /** Records the MDE action an approved request became (only on approved records). */
  markExecuted(id: string, outcome: { actionId: string }): Promise<UpdateResult>;
  /** Records why an approved request did not run (only on approved records). */
  markFailed(id: string, reason: string): Promise<UpdateResult>;
  /** The store's clock (epoch ms): jobs judge a record's times by the clock that wrote them. */
  now(): number;
}

export function createApprovalStore(options: ApprovalStoreOptions): ApprovalStore {
  const { redis, prefix, ttlMinutes } = options;
  if (!Number.isFinite(ttlMinutes) || ttlMinutes <= 0) {
    throw new Error(`Approval ttlMinutes must be a positive number, got ${String(ttlMinutes)}.`);
  }
  const clock = options.clock ?? systemClock;
  const keyOf = (id: string): string => `${prefix}:approval:${id}`;
  const requestKeyOf = (correlationId: string): string => `${prefix}:approval-request:${correlationId}`;

  /** Applies `change` atomically; ids that cannot be ours never reach Redis. */
  async function update<T>(id: string, change: (record: ApprovalRecord | undefined) => Plan<T>): Promise<T> {
    if (!APPROVAL_ID_PATTERN.test(id)) return change(undefined).result;
    return updateAtomically(redis, keyOf(id), (raw) => change(checked(id, raw)));
  }

  async function get(id: string): Promise<ApprovalRecord | undefined> {
    if (!APPROVAL_ID_PATTERN.test(id)) return undefined;
    return checked(id, (await redis.get(keyOf(id))) ?? undefined);
  }

  function simpleUpdate(id: string, next: (record: ApprovalRecord) => ApprovalRecord | undefined) {
    return update<UpdateResult>(id, (record) => {
      const changed = record === undefined ? undefined : next(record);
      if (changed === undefined) return { result: { record, changed: false } };
      return { next: JSON.stringify(changed), result: { record: changed, changed: true } };
    });
  }

  return {
    async create(input) {
      const now = clock.now();
      const ttlMs = Math.round(ttlMinutes * 60_000);
      const record = newPendingRecord(input, randomBytes(16).toString('base64url'), now, ttlMs);
      // NX: a colliding id (never expected from 128 random bits) must not overwrite a request.
      const written = await redis.set(
        keyOf(record.id),
        JSON.stringify(record),
        'PX',
        ttlMs + APPROVAL_RETENTION_MS,
        'NX',
      );
      if (written !== 'OK') throw new Error('Approval id collision; refusing to overwrite a request.');
      // One request per chat command: a job that runs again after a crash gets the request it
      // already made (and so the same card and expiry job ids) instead of a second one. The record
      // is written before the claim, so whoever wins the claim has a record the others can read.
      const claimed = await redis.set(
        requestKeyOf(input.correlationId),
        record.id,
        'PX',
        ttlMs + APPROVAL_RETENTION_MS,
        'NX',
      );
      if (claimed !== 'OK') {
        await redis.del(keyOf(record.id));
        const earlierId = await redis.get(requestKeyOf(input.correlationId));
        const earlier = earlierId ? await get(earlierId) : undefined;
        if (earlier) return earlier;
        throw new Error(
          'An approval request for this command was claimed but cannot be read; refusing to make a second one.',
        );
      }
      return record;
    },

    attachMessage: async (id, message) =>
      (await simpleUpdate(id, (record) => ({ ...record, message }))).record,

    get,

    async decide(id, decision, approver, rbac, options = {}) {
      const record = await get(id);
      if (record === undefined) return refuse('not-found', undefined);
      const mine = samePerson(approver, record.requester);
      const cancel = mine && decision === 'deny';
      if (mine && !cancel) return refuse('self-approval', record);
      const unresolved = identityUnresolved(approver);
      // A denial is the safe direction and stays possible; an approval needs every identity compared.
      if (unresolved && decision === 'approve')
        return refuse('unresolved-identity', record, approver.platform);
      if (!cancel && !canApprove(approver, rbac)) {
        // The role may be bound to the address the directory could not give: say so, not "no role".
        return refuse(unresolved ? 'unresolved-identity' : 'not-approver', record, approver.platform);
      }
      if (decision === 'approve' && record.state === 'pending') await options.beforeApprove?.(record);
      return update<DecisionResult>(id, (current) => {
        if (current === undefined) return { result: refuse('not-found', undefined) };
        const step = decideTransition(current, decision, approver, cancel, clock.now());
        const result: DecisionResult = step.ok ? step : refuse(step.reason, step.record);
        const written = step.ok || step.changed;
        return written ? { next: JSON.stringify(step.record), result } : { result };
      });
    },

    expire: async (id) => simpleUpdate(id, (record) => expireTransition(record, clock.now())),

    markExecuted: async (id, { actionId }) =>
      simpleUpdate(id, (record) => executedTransition(record, actionId)),

    markFailed: async (id, reason) =>
      simpleUpdate(id, (record) => failedTransition(record, reason.trim() || 'The action failed.')),

    now: () => clock.now(),
  };
}

/** A stored record is only believed when it parses and names the id it is stored under. */
function checked(id: string, raw: string | undefined): ApprovalRecord | undefined {
  const record = parseApprovalRecord(raw);
  return record?.id === id ? record : undefined;
}

function refuse(
  reason: RefusalReason,
  record: ApprovalRecord | undefined,
  platform?: Platform,
): DecisionResult {
  const message = refusalMessage(reason, record, platform);
  return record === undefined ? { ok: false, reason, message } : { ok: false, reason, record, message };
}
