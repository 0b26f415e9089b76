// Shared set-up for the approval store tests: a real Redis, a unique prefix per test, a hand-driven clock.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll } from 'vitest';
import {
  createApprovalStore,
  type ApprovalStore,
  type NewApproval,
} from '../../src/authz/approvals/index.js';
import type { ChatUser, ConversationRef } from '../../src/core/index.js';
import { rbac, slackUser, teamsUser } from './fixtures.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const START = Date.parse('2025-11-25T10:00:00.000Z');
export const MINUTE = 60_000;

export const requester = slackUser('U0REQ', {
  email: 'Rita@Contoso.com',
  aadObjectId: 'AAAA-1111',
  displayName: 'Rita',
});
export const approverA = slackUser('U0APA', { displayName: 'Anna' });
export const approverB = teamsUser('29:approver-b', { aadObjectId: 'bbbb-2222', displayName: 'Ben' });
export const viewer = slackUser('U0VIEW');
export const responder = slackUser('U0RESP');

/** Approver role for the two approvers, the 20 concurrent ones and every form of the requester's identity. */
export const policy = rbac({
  viewer: ['slack:U0VIEW'],
  responder: ['slack:U0RESP', 'slack:U0REQ'],
  approver: ['slack:U0APA', 'aad:bbbb-2222', 'aad:aaaa-1111', 'email:rita@contoso.com', 'slack:*'],
  admin: [],
});
// 'slack:*' makes every Slack user an approver; the viewer and responder need a policy without it.
export const strictPolicy = rbac({
  viewer: ['slack:U0VIEW'],
  responder: ['slack:U0RESP', 'slack:U0REQ'],
  approver: ['slack:U0APA', 'aad:bbbb-2222'],
});

export const channel: ConversationRef = {
  platform: 'slack',
  id: 'C0SEC',
  tenantId: 'T0001',
  serviceUrl: undefined,
  platformData: undefined,
};

export function isolation(by: ChatUser = requester): NewApproval {
  return {
    verb: 'isolate',
    machineId: 'a1b2c3d4',
    machineName: 'web-07.contoso.local',
    reason: 'ransomware beacon',
    isolationType: 'full',
    requester: by,
    conversation: channel,
    correlationId: randomUUID(),
  };
}

export interface Harness {
  redis: Redis;
  prefix: string;
  clock: { now(): number; advance(ms: number): void };
  store: ApprovalStore;
  key: (id: string) => string;
}

/** Registers the hooks and returns a getter for this test's fresh harness. */
export function useHarness(ttlMinutes = 60): () => Harness {
  let redis: Redis;
  let current: Harness | undefined;
  beforeAll(() => {
    redis = new Redis(REDIS_URL);
  });
  afterEach(async () => {
    if (current === undefined) return;
    const keys = await redis.keys(`${current.prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    current = undefined;
  });
  afterAll(async () => {
    await redis.quit();
  });
  return () => {
    let time = START;
    const prefix = `test-${randomUUID()}`;
    const clock = { now: () => time, advance: (ms: number) => void (time += ms) };
    const store = createApprovalStore({ redis, prefix, clock, ttlMinutes });
    current = { redis, prefix, clock, store, key: (id) => `${prefix}:approval:${id}` };
    return current;
  };
}
