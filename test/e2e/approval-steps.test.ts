// An approval never ends "approved" with nothing run. The Approve click's steps (schedule the
// watchdog, decide, queue the action, audit) and the worker's (submit, link the approval) run against
// real Redis, BullMQ and the simulator, with a connection error injected between each pair of them.
// For each: the isolation reaches MDE exactly once, or the request ends visibly failed on its card.
// Time is the approvals' injected clock; the watchdog's delayed job is promoted, never waited for.
import { randomUUID } from 'node:crypto';
import type { Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCardActions } from '../../src/app/card-actions.js';
import type { ImmediateAnswer } from '../../src/app/types.js';
import { createAuditTrail, type AuditEvent, type AuditTrail } from '../../src/audit/index.js';
import { createApprovalStore, type ApprovalRecord, type ApprovalStore } from '../../src/authz/index.js';
import { loadConfig } from '../../src/config/index.js';
import type {
  ChatUser,
  ConversationRef,
  MessageRef,
  OutgoingMessage,
  Reply,
} from '../../src/core/interaction.js';
import { createLogger } from '../../src/core/logger.js';
import {
  APPROVAL_REDRIVE_GRACE_MS,
  approvalActionJobId,
  approvalRedriveJobId,
} from '../../src/jobs/actions/index.js';
import { createQueues, type BotQueues } from '../../src/jobs/queues.js';
import type { DefenderJob } from '../../src/jobs/types.js';
import { createMetricsRegistry } from '../../src/metrics/index.js';
import { startWorkers, type RunningWorkers } from '../../src/runtime/worker.js';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  type SimMachine,
  type Simulator,
} from '../../src/sim/index.js';
import { rbac } from '../authz/fixtures.js';
import { eventually } from '../helpers/bot.js';
import { startTestSimulator } from '../helpers/sim.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `test-${randomUUID()}`;
const logger = createLogger({ level: 'silent' });
const policy = rbac({ responder: ['slack:U0RESPONDER'], approver: ['slack:U0APPROVER'] });

const requester = slackUser('U0RESPONDER', 'rita@contoso.com');
const approver = slackUser('U0APPROVER', 'anna@contoso.com');

function slackUser(id: string, email: string): ChatUser {
  return { platform: 'slack', id, tenantId: 'T0TEAM', displayName: undefined, email, aadObjectId: undefined };
}

/** A connection error as ioredis reports it mid-command. */
const outage = (): Error => new Error('Connection is closed.');

/**
 * Throws a connection error from the next calls that match: 'before' the real call (it never
 * happened) or 'after' it (it happened, the answer was lost).
 */
class Faults {
  private rules: { match: (what: string) => boolean; when: 'before' | 'after'; left: number }[] = [];

  add(match: (what: string) => boolean, when: 'before' | 'after', times = 1): void {
    this.rules.push({ match, when, left: times });
  }

  clear(): void {
    this.rules = [];
  }

  /** How many injected failures are still to come (0: every one of them happened). */
  pending(): number {
    return this.rules.reduce((sum, r) => sum + r.left, 0);
  }

  async around<T>(what: string, call: () => Promise<T>): Promise<T> {
    const rule = this.rules.find((r) => r.left > 0 && r.match(what));
    if (rule) rule.left--;
    if (rule?.when === 'before') throw outage();
    const result = await call();
    if (rule?.when === 'after') throw outage();
    return result;
  }
}

/** The real queue with faults on `add`, named by its job id. */
function faultyQueue(queue: Queue<DefenderJob>, faults: Faults): Queue<DefenderJob> {
  return new Proxy(queue, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (prop === 'add') {
        return (name: string, data: DefenderJob, opts?: { jobId?: string }) =>
          faults.around(`add ${opts?.jobId ?? name}`, () => target.add(name, data, opts));
      }
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The chat: every post and edit of each message, in order (what people see on the card). */
class FakeChat implements Reply {
  readonly messages = new Map<string, string[]>();
  private next = 0;

  post(conversation: ConversationRef, message: OutgoingMessage): Promise<MessageRef> {
    const messageId = `m${++this.next}`;
    this.messages.set(messageId, [message.text]);
    return Promise.resolve({ conversation, messageId });
  }

  update(ref: MessageRef, message: OutgoingMessage): Promise<void> {
    this.messages.get(ref.messageId)?.push(message.text);
    return Promise.resolve();
  }

  postPrivate(): Promise<void> {
    return Promise.resolve();
  }

  latest(messageId: string): string {
    return this.messages.get(messageId)?.at(-1) ?? '';
  }
}

let sim: Simulator;
let producer: Redis;
let workerConnection: Redis;
let queues: BotQueues;
let workers: RunningWorkers;
let approvals: ApprovalStore;
let trail: AuditTrail;
const chat = new FakeChat();
const clickFaults = new Faults();
const workerFaults = new Faults();
let time = Date.now();
const clock = { now: () => time };
let machines: SimMachine[];
let nextMachine = 0;

beforeAll(async () => {
  sim = await startTestSimulator({ lifecycle: { pendingMs: 300, inProgressMs: 300 } });
  machines = sim.mde.listMachines();
  const config = loadConfig({
    ROLE: 'worker',
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    AZURE_TENANT_ID: sim.tenantId,
    AZURE_CLIENT_ID: DEFAULT_CLIENT_ID,
    AZURE_CLIENT_SECRET: DEFAULT_CLIENT_SECRET,
    AZURE_AUTHORITY_HOST: sim.authorityHost,
    DEFENDER_API_URL: sim.defenderApiUrl,
    LOG_LEVEL: 'silent',
  });
  producer = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  workerConnection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  queues = createQueues(producer, prefix);
  approvals = createApprovalStore({ redis: producer, prefix, ttlMinutes: 60, clock });
  trail = createAuditTrail({ redis: producer, prefix, logger });
  // The worker's side of the faults: its queue (the watchdog's re-drive) and linking the approval.
  const workerApprovals: ApprovalStore = {
    ...approvals,
    markExecuted: (id, outcome) =>
      workerFaults.around(`markExecuted ${id}`, () => approvals.markExecuted(id, outcome)),
  };
  workers = startWorkers(
    {
      config,
      logger,
      connection: workerConnection,
      queues: { ...queues, defender: faultyQueue(queues.defender, workerFaults) },
      approvals: workerApprovals,
      audit: trail,
      replies: { slack: chat },
      metrics: createMetricsRegistry().metrics,
      lifecycle: { firstPollDelayMs: 200, maxPollDelayMs: 500 },
    },
    producer,
  );
});

afterAll(async () => {
  await workers.close();
  await queues.close();
  const keys = await producer.keys(`${prefix}:*`);
  for (let i = 0; i < keys.length; i += 500) await producer.del(...keys.slice(i, i + 500));
  producer.disconnect();
  workerConnection.disconnect();
  await sim.close();
});

/** The Approve button as the web process runs it, with faults on its queue, store and audit trail. */
function clickSide(options: { loseDecision?: boolean } = {}) {
  const auditFaults = new Faults();
  const audit: Pick<AuditTrail, 'record'> = {
    record: (event: AuditEvent) => auditFaults.around(`audit ${event.type}`, () => trail.record(event)),
  };
  const store: Pick<ApprovalStore, 'decide'> = {
    decide: async (...args) => {
      const result = await approvals.decide(...args);
      // The compare-and-set happened; its answer never came back (connection cut right after).
      if (options.loseDecision) throw outage();
      return result;
    },
  };
  const actions = createCardActions({
    rbac: policy,
    approvals: store,
    defenderQueue: faultyQueue(queues.defender, clickFaults),
    audit,
    logger,
  });
  return { actions, auditFaults };
}

async function click(
  actions: ReturnType<typeof clickSide>['actions'],
  record: ApprovalRecord,
  actor: ChatUser,
): Promise<ImmediateAnswer> {
  return actions['approval.approve']!({
    platform: 'slack',
    actor,
    conversation: record.conversation,
    input: {
      kind: 'cardAction',
      actionId: record.id,
      verb: 'approval.approve',
      messageId: record.message?.messageId,
    },
    receivedAt: clock.now(),
    correlationId: randomUUID(),
  });
}

/** An isolation request the way a typed `isolate` makes one: the worker resolves it and posts the card. */
async function requestIsolation(): Promise<{ record: ApprovalRecord; machine: SimMachine; card: string }> {
  const machine = machines[nextMachine++ % machines.length]!;
  const correlationId = randomUUID();
  const conversation: ConversationRef = {
    platform: 'slack',
    id: `C${correlationId.slice(0, 8)}`,
    tenantId: 'T0TEAM',
    serviceUrl: undefined,
    platformData: undefined,
  };
  await queues.defender.add(
    'start-action',
    {
      kind: 'start-action',
      command: { verb: 'isolate', machine: machine.id, isolationType: 'full', reason: 'ransomware beacon' },
      requester: { actor: requester, conversation, correlationId },
      needsApproval: true,
    },
    { jobId: correlationId },
  );
  const id = await eventually(
    async () => (await producer.get(`${prefix}:approval-request:${correlationId}`)) ?? undefined,
  );
  // The card is up and the record knows where: every later edit goes to that one message.
  const record = await eventually(async () => {
    const current = await approvals.get(id);
    return current?.message ? current : undefined;
  });
  return { record, machine, card: record.message!.messageId };
}

const isolatePosts = (machine: SimMachine) =>
  sim.calls().filter((c) => c.method === 'POST' && c.path === `/api/machines/${machine.id}/isolate`);

async function jobOf(id: string): Promise<Job<DefenderJob> | undefined> {
  return (await queues.defender.getJob(id)) ?? undefined;
}

/** Runs the approval's watchdog now (promotes its delayed job) and waits until that run is over. */
async function runWatchdog(record: ApprovalRecord): Promise<'delayed' | 'completed' | 'failed'> {
  const id = approvalRedriveJobId(record.id);
  const job = await eventually(async () => {
    const found = await jobOf(id);
    return found && (await found.getState()) === 'delayed' ? found : undefined;
  });
  const before = {
    rounds: job.data.kind === 'approval-redrive' ? (job.data.rounds ?? 0) : 0,
    attempts: job.attemptsMade,
  };
  await job.promote();
  return eventually(async () => {
    const now = (await jobOf(id))!;
    const state = await now.getState();
    const rounds = now.data.kind === 'approval-redrive' ? (now.data.rounds ?? 0) : 0;
    if (state === 'completed' || state === 'failed') return state;
    if (state === 'delayed' && (rounds > before.rounds || now.attemptsMade > before.attempts))
      return 'delayed';
    return undefined;
  });
}

async function succeeded(card: string, machine: SimMachine): Promise<void> {
  await eventually(() => (/Succeeded/.test(chat.latest(card)) ? true : undefined));
  const posts = isolatePosts(machine);
  expect(posts).toHaveLength(1);
  expect(posts[0]!.status).toBe(201);
}

const afterGrace = () => void (time += APPROVAL_REDRIVE_GRACE_MS + 1000);

describe('an approved request always runs once or ends visibly failed', { timeout: 60_000 }, () => {
  it('no fault: approve queues the action at once, it runs once, and the audit entry names every identity compared', async () => {
    const { record, machine, card } = await requestIsolation();
    const { actions } = clickSide();
    const answer = await click(actions, record, approver);
    expect(answer).toMatchObject({ visibility: 'replace' });
    await succeeded(card, machine);
    expect((await approvals.get(record.id))?.actionId).toBeDefined();
    // The watchdog looked once it was due, found the request linked and stopped.
    afterGrace();
    expect(await runWatchdog(record)).toBe('completed');
    expect(isolatePosts(machine)).toHaveLength(1);

    const entry = (await trail.readRecent(200)).find(
      (e) => e.type === 'approval' && e.correlationId === record.correlationId,
    );
    expect(entry).toMatchObject({
      decision: 'approve',
      outcome: 'approved',
      actorId: approver.id,
      details: {
        approvalId: record.id,
        requester: 'slack:U0RESPONDER',
        requesterEmail: 'rita@contoso.com',
        requesterAad: null,
        requesterUpn: null,
        approver: 'slack:U0APPROVER',
        approverEmail: 'anna@contoso.com',
        approverDirectory: 'answered',
      },
    });
  });

  it('schedule watchdog ✗ decide: nothing is approved, the click can be repeated, and then it runs once', async () => {
    const { record, machine, card } = await requestIsolation();
    const { actions } = clickSide();
    clickFaults.add((what) => what === `add ${approvalRedriveJobId(record.id)}`, 'before');
    const refused = await click(actions, record, approver);
    expect(clickFaults.pending()).toBe(0);
    expect(refused).toMatchObject({ visibility: 'private' });
    expect(JSON.stringify(refused)).toMatch(/could not record your decision/);
    expect((await approvals.get(record.id))?.state).toBe('pending');
    expect(await queues.defender.getJobState(approvalActionJobId(record.id))).toBe('unknown');

    expect(await click(actions, record, approver)).toMatchObject({ visibility: 'replace' });
    await succeeded(card, machine);
  });

  it('decide ✗ enqueue (the queue refuses the action): the watchdog re-drives it after the grace period, and it runs once', async () => {
    const { record, machine, card } = await requestIsolation();
    const { actions } = clickSide();
    clickFaults.add((what) => what === `add ${approvalActionJobId(record.id)}`, 'before');
    const answer = await click(actions, record, approver);
    // The decision stands and the card says approved; nothing is queued yet.
    expect(answer).toMatchObject({ visibility: 'replace' });
    expect(JSON.stringify(answer)).toMatch(/approved/);
    expect(await queues.defender.getJobState(approvalActionJobId(record.id))).toBe('unknown');

    // Before the grace period the watchdog only looks again later.
    expect(await runWatchdog(record)).toBe('delayed');
    expect(await queues.defender.getJobState(approvalActionJobId(record.id))).toBe('unknown');
    expect(isolatePosts(machine)).toHaveLength(0);

    afterGrace();
    expect(await runWatchdog(record)).toBe('delayed');
    await succeeded(card, machine);
    expect((await approvals.get(record.id))?.actionId).toBe(
      sim.mde.listActions().find((a) => a.machineId === machine.id)?.id,
    );
    expect(await runWatchdog(record)).toBe('completed');
    expect(isolatePosts(machine)).toHaveLength(1);
  });

  it('decide ✗ enqueue (the connection drops right after the compare-and-set): the click says try again, the watchdog runs it once', async () => {
    const { record, machine, card } = await requestIsolation();
    const { actions } = clickSide({ loseDecision: true });
    const answer = await click(actions, record, approver);
    expect(JSON.stringify(answer)).toMatch(/could not record your decision/);
    // It was recorded after all; a second click cannot approve it twice.
    expect((await approvals.get(record.id))?.state).toBe('approved');
    expect(await queues.defender.getJobState(approvalActionJobId(record.id))).toBe('unknown');
    afterGrace();
    await runWatchdog(record);
    await succeeded(card, machine);
  });

  it('enqueue ✗ (queued, but the answer was lost): the one deterministic job runs once; the watchdog adds no second', async () => {
    const { record, machine, card } = await requestIsolation();
    const { actions } = clickSide();
    clickFaults.add((what) => what === `add ${approvalActionJobId(record.id)}`, 'after');
    expect(await click(actions, record, approver)).toMatchObject({ visibility: 'replace' });
    expect(clickFaults.pending()).toBe(0);
    await succeeded(card, machine);
    afterGrace();
    expect(await runWatchdog(record)).toBe('completed');
    expect(isolatePosts(machine)).toHaveLength(1);
  });

  it('enqueue ✗ audit (the audit stream is down): the action still runs once and the click is answered normally', async () => {
    const { record, machine, card } = await requestIsolation();
    const { actions, auditFaults } = clickSide();
    auditFaults.add((what) => what === 'audit approval', 'before');
    expect(await click(actions, record, approver)).toMatchObject({ visibility: 'replace' });
    expect(auditFaults.pending()).toBe(0);
    await succeeded(card, machine);
  });

  it('submit ✗ link (recording the action id on the approval fails): the retried job links it without submitting again', async () => {
    const { record, machine, card } = await requestIsolation();
    const { actions } = clickSide();
    workerFaults.add((what) => what === `markExecuted ${record.id}`, 'before');
    expect(await click(actions, record, approver)).toMatchObject({ visibility: 'replace' });
    await eventually(async () => (await approvals.get(record.id))?.actionId, 30_000);
    expect(workerFaults.pending()).toBe(0);
    await succeeded(card, machine);
    // The first attempt submitted and failed to link; the retry linked what it had recorded.
    expect((await jobOf(approvalActionJobId(record.id)))?.attemptsMade).toBeGreaterThanOrEqual(1);
  });

  it('cannot be re-driven (the queue keeps refusing): the request ends visibly failed on its card, nothing reaches MDE', async () => {
    const { record, machine, card } = await requestIsolation();
    const { actions } = clickSide();
    clickFaults.add((what) => what === `add ${approvalActionJobId(record.id)}`, 'before');
    workerFaults.add((what) => what === `add ${approvalActionJobId(record.id)}`, 'before', 100);
    expect(await click(actions, record, approver)).toMatchObject({ visibility: 'replace' });
    afterGrace();
    // Each attempt of the watchdog fails to queue the action; the last one gives up and says so.
    let outcome: string;
    do outcome = await runWatchdog(record);
    while (outcome === 'delayed');
    expect(outcome).toBe('failed');
    const watchdog = (await jobOf(approvalRedriveJobId(record.id)))!;
    expect(watchdog.attemptsMade).toBe(watchdog.opts.attempts);
    expect(watchdog.failedReason).toMatch(/UNAVAILABLE/);
    await eventually(() => (/Failed/.test(chat.latest(card)) ? true : undefined));
    expect(chat.latest(card)).toMatch(/could not be started/);
    expect((await approvals.get(record.id))?.failure).toBeDefined();
    expect(isolatePosts(machine)).toHaveLength(0);
    workerFaults.clear();
  });

  it('an approved request without a watchdog (approved before watchdogs existed) is re-driven by its expiry job', async () => {
    const { record, machine, card } = await requestIsolation();
    // Decided straight in the store: no watchdog, no action job.
    expect(await approvals.decide(record.id, 'approve', approver, policy)).toMatchObject({ ok: true });
    expect(await queues.defender.getJobState(approvalRedriveJobId(record.id))).toBe('unknown');
    time += 61 * 60_000;
    const expiry = (await jobOf(`expiry-${record.id}`))!;
    await expiry.promote();
    await eventually(async () =>
      (await queues.defender.getJobState(approvalRedriveJobId(record.id))) === 'unknown' ? undefined : true,
    );
    await succeeded(card, machine);
    expect((await approvals.get(record.id))?.state).toBe('approved');
  });
});

/** A `block` request the way a typed one makes it: its command job asks for the approval and posts the card. */
async function requestBlock(): Promise<{ record: ApprovalRecord; value: string; card: string }> {
  const correlationId = randomUUID();
  const value = `steps-${correlationId.slice(0, 8)}.example`;
  const conversation: ConversationRef = {
    platform: 'slack',
    id: `C${correlationId.slice(0, 8)}`,
    tenantId: 'T0TEAM',
    serviceUrl: undefined,
    platformData: undefined,
  };
  await queues.defender.add(
    'command',
    {
      kind: 'command',
      command: { verb: 'block', value, kind: 'domain', days: undefined, reason: 'phishing kit' },
      requester: { actor: requester, conversation, correlationId },
      needsApproval: true,
    },
    { jobId: correlationId },
  );
  const id = await eventually(
    async () => (await producer.get(`${prefix}:approval-request:${correlationId}`)) ?? undefined,
  );
  const record = await eventually(async () => {
    const current = await approvals.get(id);
    return current?.message ? current : undefined;
  });
  return { record, value, card: record.message!.messageId };
}

const indicatorPosts = (value: string) =>
  sim
    .calls()
    .filter(
      (c) =>
        c.method === 'POST' &&
        c.path === '/api/indicators' &&
        (c.body as { indicatorValue?: string } | null)?.indicatorValue === value,
    );

async function blocked(card: string, value: string): Promise<void> {
  await eventually(() => (/Created|Already blocked/.test(chat.latest(card)) ? true : undefined));
  const posts = indicatorPosts(value);
  expect(posts).toHaveLength(1);
  expect(posts[0]!.status).toBe(200);
}

describe('an approved block (not a machine action) is guarded the same way', { timeout: 60_000 }, () => {
  it('no fault: one POST, the approval linked to the indicator, the watchdog stops', async () => {
    const { record, value, card } = await requestBlock();
    expect(chat.latest(card)).toMatch(/asks to block indicator/);
    expect(await click(clickSide().actions, record, approver)).toMatchObject({ visibility: 'replace' });
    await blocked(card, value);
    const indicator = sim.mde.listIndicators().find((i) => i.indicatorValue === value);
    expect((await approvals.get(record.id))?.actionId).toBe(indicator?.id);
    afterGrace();
    expect(await runWatchdog(record)).toBe('completed');
    expect(indicatorPosts(value)).toHaveLength(1);
  });

  it('decide ✗ enqueue: the watchdog re-drives it after the grace period, and it runs once', async () => {
    const { record, value, card } = await requestBlock();
    const { actions } = clickSide();
    clickFaults.add((what) => what === `add ${approvalActionJobId(record.id)}`, 'before');
    expect(await click(actions, record, approver)).toMatchObject({ visibility: 'replace' });
    expect(await queues.defender.getJobState(approvalActionJobId(record.id))).toBe('unknown');
    expect(await runWatchdog(record)).toBe('delayed');
    expect(indicatorPosts(value)).toHaveLength(0);
    afterGrace();
    expect(await runWatchdog(record)).toBe('delayed');
    await blocked(card, value);
    expect(await runWatchdog(record)).toBe('completed');
    expect(indicatorPosts(value)).toHaveLength(1);
  });

  it('submit ✗ link: the retried job finds the indicator it made and links it, without a second POST', async () => {
    const { record, value, card } = await requestBlock();
    workerFaults.add((what) => what === `markExecuted ${record.id}`, 'before');
    expect(await click(clickSide().actions, record, approver)).toMatchObject({ visibility: 'replace' });
    await eventually(async () => (await approvals.get(record.id))?.actionId, 30_000);
    expect(workerFaults.pending()).toBe(0);
    await blocked(card, value);
    expect((await jobOf(approvalActionJobId(record.id)))?.attemptsMade).toBeGreaterThanOrEqual(1);
  });

  it('cannot be re-driven: the request ends visibly failed on its card, nothing reaches MDE', async () => {
    const { record, value, card } = await requestBlock();
    clickFaults.add((what) => what === `add ${approvalActionJobId(record.id)}`, 'before');
    workerFaults.add((what) => what === `add ${approvalActionJobId(record.id)}`, 'before', 100);
    expect(await click(clickSide().actions, record, approver)).toMatchObject({ visibility: 'replace' });
    afterGrace();
    let outcome: string;
    do outcome = await runWatchdog(record);
    while (outcome === 'delayed');
    expect(outcome).toBe('failed');
    await eventually(() => (/Failed/.test(chat.latest(card)) ? true : undefined));
    expect(chat.latest(card)).toMatch(/could not be started/);
    expect((await approvals.get(record.id))?.failure).toBeDefined();
    expect(indicatorPosts(value)).toHaveLength(0);
    workerFaults.clear();
  });
});
