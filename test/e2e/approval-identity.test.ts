// The click handlers with an actor whose platform directory did not answer, against real Redis and
// BullMQ: an Approve is refused with "try again" and the request stays pending (the same click works
// once the directory answers); the alert card's Request isolation creates no request at all.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertCardActions } from '../../src/app/alert-actions.js';
import { createCardActions } from '../../src/app/card-actions.js';
import type { ImmediateAnswer } from '../../src/app/types.js';
import { createAuditTrail, type AuditTrail } from '../../src/audit/index.js';
import { createApprovalStore, type ApprovalStore } from '../../src/authz/index.js';
import type { ChatUser, ConversationRef, Interaction } from '../../src/core/interaction.js';
import { createLogger } from '../../src/core/logger.js';
import { approvalActionJobId, approvalRedriveJobId } from '../../src/jobs/actions/index.js';
import { createAlertInfoStore } from '../../src/jobs/alerts/index.js';
import { createQueues, type BotQueues } from '../../src/jobs/queues.js';
import { rbac } from '../authz/fixtures.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `test-${randomUUID()}`;
const logger = createLogger({ level: 'silent' });
const policy = rbac({ responder: ['slack:U0RESPONDER'], approver: ['email:anna@contoso.com'] });
const conversation: ConversationRef = {
  platform: 'slack',
  id: 'C0ALERTS',
  tenantId: 'T0TEAM',
  serviceUrl: undefined,
  platformData: undefined,
};

const responder: ChatUser = {
  platform: 'slack',
  id: 'U0RESPONDER',
  tenantId: 'T0TEAM',
  displayName: undefined,
  email: 'rita@contoso.com',
  aadObjectId: undefined,
};
const anna: ChatUser = {
  platform: 'slack',
  id: 'U0ANNA',
  tenantId: 'T0TEAM',
  displayName: 'Anna',
  email: 'anna@contoso.com',
  aadObjectId: undefined,
};
const unresolved = (user: ChatUser): ChatUser => ({ ...user, email: undefined, directory: 'unavailable' });

let redis: Redis;
let queues: BotQueues;
let approvals: ApprovalStore;
let trail: AuditTrail;

beforeAll(() => {
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  queues = createQueues(redis, prefix);
  approvals = createApprovalStore({ redis, prefix, ttlMinutes: 60 });
  trail = createAuditTrail({ redis, prefix, logger });
});
afterAll(async () => {
  await queues.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

function clickOf(
  actor: ChatUser,
  verb: string,
  actionId: string,
): Interaction & { input: { kind: 'cardAction' } } {
  return {
    platform: 'slack',
    actor,
    conversation,
    input: { kind: 'cardAction', actionId, verb, messageId: '1700000000.000100' },
    receivedAt: Date.now(),
    correlationId: randomUUID(),
  };
}

const text = (answer: ImmediateAnswer): string => JSON.stringify(answer);

describe('clickers the directory could not resolve', () => {
  it('Approve: refused with "try again", the request stays pending and unwatched; the same click works once resolved', async () => {
    const record = await approvals.create({
      verb: 'isolate',
      machineId: 'a'.repeat(40),
      machineName: 'web-07.contoso.local',
      reason: 'beacon',
      isolationType: 'full',
      requester: responder,
      conversation,
      correlationId: randomUUID(),
    });
    const actions = createCardActions({
      rbac: policy,
      approvals,
      defenderQueue: queues.defender,
      audit: trail,
      logger,
    });

    const refused = await actions['approval.approve']!(
      clickOf(unresolved(anna), 'approval.approve', record.id),
    );
    expect(refused.visibility).toBe('private');
    expect(text(refused)).toContain(
      'We could not confirm who you are (Slack did not answer); try again in a moment.',
    );
    expect((await approvals.get(record.id))?.state).toBe('pending');
    expect(await queues.defender.getJobState(approvalRedriveJobId(record.id))).toBe('unknown');
    const audit = (await trail.readRecent(10)).find((e) => e.type === 'approval');
    expect(audit).toMatchObject({
      outcome: 'refused: unresolved-identity',
      details: { approverDirectory: 'unavailable', requesterEmail: 'rita@contoso.com' },
    });

    const approved = await actions['approval.approve']!(clickOf(anna, 'approval.approve', record.id));
    expect(approved.visibility).toBe('replace');
    expect((await approvals.get(record.id))?.state).toBe('approved');
    expect(await queues.defender.getJobState(approvalActionJobId(record.id))).not.toBe('unknown');
    expect(await queues.defender.getJobState(approvalRedriveJobId(record.id))).toBe('delayed');
  });

  it('alert card Request isolation: an unresolved clicker creates no request; a resolved one does', async () => {
    const alertInfo = createAlertInfoStore(redis, prefix);
    await alertInfo.put({
      alertId: 'da637',
      machineId: 'b'.repeat(40),
      machineName: 'db-01.contoso.local',
      title: 'Ransomware',
    });
    const actions = createAlertCardActions({
      rbac: policy,
      alertInfo,
      defenderQueue: queues.defender,
      audit: trail,
      logger,
    });
    const requestKeys = () => redis.keys(`${prefix}:approval-request:*`);
    const before = (await requestKeys()).length;

    const click = clickOf(unresolved(responder), 'alert.isolate', 'da637');
    const refused = await actions['alert.isolate']!(click);
    expect(refused.visibility).toBe('private');
    expect(text(refused)).toContain(
      'We could not confirm who you are (Slack did not answer); try again in a moment.',
    );
    expect((await requestKeys()).length).toBe(before);
    const audit = (await trail.readRecent(10)).find((e) => e.correlationId === click.correlationId);
    expect(audit).toMatchObject({ type: 'authz', decision: 'deny', verb: 'isolate' });

    const click2 = clickOf(responder, 'alert.isolate', 'da637');
    const accepted = await actions['alert.isolate']!(click2);
    expect(accepted.visibility).toBe('none');
    // The worker starts it as a typed isolate would: it resolves the machine, reads its facts for the
    // approval card, and only then creates the request.
    const queued = (await queues.defender.getJobs(['waiting', 'delayed', 'prioritized'])).map((j) => j.data);
    expect(queued).toContainEqual(
      expect.objectContaining({
        kind: 'start-action',
        needsApproval: true,
        command: expect.objectContaining({ verb: 'isolate', machine: 'b'.repeat(40) }) as unknown,
      }),
    );
  });
});
