// What each MDE call is to the rate budget, said where it is known: the client's submissions are
// always machine actions; look-ups are reads unless the code following an action makes them; the
// defender worker's machine-action jobs are the actions, its other jobs reads. Then the reserve end
// to end: status reads stop at 80 % of their API's window while an action's poll still goes out.
import { randomUUID } from 'node:crypto';
import type { Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalStore } from '../../src/authz/index.js';
import { BotError } from '../../src/core/errors.js';
import type { ChatUser, ConversationRef } from '../../src/core/interaction.js';
import { createLogger } from '../../src/core/logger.js';
import {
  ACTION_RESERVE,
  DefenderClient,
  DefenderTransport,
  defaultBudgets,
  type CallClass,
  type RateAsker,
  type RateBudget,
  type RateDecision,
  type RateLimiterPort,
} from '../../src/defender/index.js';
import { createDefenderProcessor } from '../../src/jobs/defender-worker.js';
import type { DefenderJob, NotifyJob, Requester } from '../../src/jobs/types.js';
import type { Simulator } from '../../src/sim/index.js';
import { createTestDefender } from '../helpers/defender.js';
import { startTestSimulator } from '../helpers/sim.js';

interface Asked {
  key: string;
  callClass: CallClass | undefined;
  actionReserve: number | undefined;
}

/** Grants everything and remembers who asked for what. */
class RecordingLimiter implements RateLimiterPort {
  readonly asked: Asked[] = [];

  tryAcquire(key: string, budget: RateBudget, _inFlightMs: number, asker?: RateAsker): Promise<RateDecision> {
    this.asked.push({ key, callClass: asker?.callClass, actionReserve: budget.actionReserve });
    return Promise.resolve({ grant: randomUUID() });
  }

  answered(): Promise<void> {
    return Promise.resolve();
  }

  /** Each API asked about since `from`, with the class it was asked as ("mde:machines.list read"). */
  since(from: number): string[] {
    return this.asked.slice(from).map((a) => `${a.key} ${a.callClass ?? 'unclassified'}`);
  }
}

let sim: Simulator;

beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(async () => {
  await sim.close();
});

function recordedClient(): { client: DefenderClient; limiter: RecordingLimiter } {
  const { tokens } = createTestDefender(sim);
  const limiter = new RecordingLimiter();
  const transport = new DefenderTransport({
    baseUrl: sim.defenderApiUrl,
    limiter,
    budgets: defaultBudgets(),
  });
  return { client: new DefenderClient(transport, tokens), limiter };
}

describe('the client says what each call is', () => {
  it('counts submissions as actions and look-ups as reads, unless made for a machine action', async () => {
    const { client, limiter } = recordedClient();
    const machine = sim.mde.listMachines()[0]!;
    const scan = await client.runAntiVirusScan(machine.id, 'call classes', 'Quick');
    await client.listMachines(undefined, { top: 1 });
    await client.getMachineAction(scan.id);
    const forAction = client.forMachineActions();
    await forAction.getMachineAction(scan.id);
    await forAction.listMachineActions({ machineId: machine.id }, { top: 1 });
    // Another token context (a signed-in approver) keeps the class.
    await forAction.withTokens(createTestDefender(sim).tokens).getMachineAction(scan.id);
    expect(limiter.since(0)).toEqual([
      'mde:machines.runAntiVirusScan action',
      'mde:machines.list read',
      'mde:machineactions.get read',
      'mde:machineactions.get action',
      'mde:machineactions.list action',
      'mde:machineactions.get action',
    ]);
  });

  it('keeps the reserve on the APIs actions share with reads, and only there (MDE counts each API apart)', async () => {
    const { client, limiter } = recordedClient();
    const machine = sim.mde.listMachines()[2]!;
    const scan = await client.runAntiVirusScan(machine.id, 'reserve', 'Quick');
    await client.listMachines(undefined, { top: 1 });
    await client.getMachineAction(scan.id);
    await client.listMachineActions({ machineId: machine.id }, { top: 1 });
    await client.listAlerts({ top: 1, limit: 1 });
    const reserves = Object.fromEntries(limiter.asked.map((a) => [a.key, a.actionReserve ?? 0]));
    expect(reserves).toEqual({
      'mde:machines.runAntiVirusScan': 0,
      'mde:machines.list': 0,
      'mde:machineactions.get': ACTION_RESERVE,
      'mde:machineactions.list': ACTION_RESERVE,
      'mde:alerts.list': 0,
    });
  });
});

describe('the defender worker says what each job’s calls are', () => {
  const actor: ChatUser = {
    platform: 'slack',
    id: 'U0CLASSES',
    tenantId: 'T0TEAM',
    displayName: 'classes',
    email: undefined,
    aadObjectId: undefined,
  };
  const conversation: ConversationRef = {
    platform: 'slack',
    id: 'C0CLASSES',
    tenantId: 'T0TEAM',
    serviceUrl: undefined,
    platformData: undefined,
  };
  const requester = (): Requester => ({ actor, conversation, correlationId: `classes-${randomUUID()}` });

  /** The parts of a BullMQ job the processor uses. */
  function jobOf(data: DefenderJob): Job<DefenderJob> {
    const job = {
      id: randomUUID(),
      data,
      attemptsMade: 0,
      opts: { attempts: 6 },
      updateData(next: DefenderJob) {
        job.data = next;
        return Promise.resolve();
      },
      moveToDelayed: () => Promise.resolve(),
    };
    return job as unknown as Job<DefenderJob>;
  }

  it('runs a machine-action job’s submission and polls as the action, resolving a request’s machine as a read', async () => {
    const { client, limiter } = recordedClient();
    const posted: NotifyJob[] = [];
    const notify = {
      add: (_name: string, data: NotifyJob) => Promise.resolve(posted.push(data)),
    } as unknown as Queue<NotifyJob>;
    const processor = createDefenderProcessor({
      defender: client,
      notify,
      defenderQueue: { add: () => Promise.reject(new Error('nothing is queued here')) },
      approvals: {} as ApprovalStore,
      approvalTtlMs: 60_000,
      audit: { record: () => Promise.resolve() },
      logger: createLogger({ level: 'silent' }),
      // Signed-in users' clients come from here: the job's class must reach them too.
      clientFor: () => Promise.resolve(client),
    });
    const machine = sim.mde.listMachines()[1]!;

    // A read: `status <id>`.
    const existing = await client.runAntiVirusScan(machine.id, 'an action to read', 'Quick');
    let from = limiter.asked.length;
    await processor(
      jobOf({ kind: 'command', command: { verb: 'status', actionId: existing.id }, requester: requester() }),
      'token',
    );
    expect(limiter.since(from)).toEqual(['mde:machineactions.get read']);
    // The same job as queued by an earlier release (kind `read`) runs the same way.
    from = limiter.asked.length;
    await processor(
      jobOf({ kind: 'read', command: { verb: 'status', actionId: existing.id }, requester: requester() }),
      'token',
    );
    expect(limiter.since(from)).toEqual(['mde:machineactions.get read']);

    // A request: resolving its machine is a read, whatever the action.
    from = limiter.asked.length;
    const command = { verb: 'collect' as const, machine: machine.computerDnsName, reason: 'call classes' };
    await processor(
      jobOf({ kind: 'start-action', command, requester: requester(), needsApproval: false }),
      'token',
    );
    expect(limiter.since(from)).toEqual(['mde:machines.list read']);

    // The action itself: submitted, then (as a delayed job) polled.
    from = limiter.asked.length;
    const spec = {
      verb: 'collect' as const,
      machineId: machine.id,
      machineName: machine.computerDnsName,
      reason: 'call classes',
    };
    const job = jobOf({
      kind: 'machine-action',
      action: spec,
      requester: requester(),
      card: { conversation, messageId: '1700000000.000100' },
    });
    await expect(processor(job, 'token')).rejects.toMatchObject({ name: 'DelayedError' });
    await expect(processor(job, 'token')).rejects.toMatchObject({ name: 'DelayedError' });
    expect(limiter.since(from)).toEqual([
      'mde:machines.collectInvestigationPackage action',
      'mde:machineactions.get action',
    ]);
  });
});

describe('the reserve end to end (real Redis, the simulator counting)', () => {
  it('stops `status` reads at 80 % of their API’s window while an action’s poll still goes out, with no 429', async () => {
    // One window of ten calls a minute, never crossed: nothing here waits on the clock.
    const limited = await startTestSimulator({ rateLimits: { standard: [{ limit: 10, windowMs: 60_000 }] } });
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const prefix = `test-${randomUUID()}`;
    try {
      const budgets = { ...defaultBudgets(), standard: { windows: [{ limit: 10, windowMs: 60_000 }] } };
      const { client } = createTestDefender(limited, { redis, prefix, budgets, maxBudgetWaitMs: 0 });
      const machine = limited.mde.listMachines()[0]!;
      const action = await client.isolate(machine.id, 'reserve end to end', 'Full');

      const reads = await Promise.allSettled(
        Array.from({ length: 12 }, () => client.getMachineAction(action.id)),
      );
      expect(reads.filter((r) => r.status === 'fulfilled')).toHaveLength(8);
      for (const refused of reads.filter((r) => r.status === 'rejected')) {
        expect(refused.reason).toBeInstanceOf(BotError);
        expect((refused.reason as BotError).code).toBe('THROTTLED');
        expect((refused.reason as BotError).details.local).toBe(true);
      }
      // The action's polls have the two kept slots, and the window is then exactly full.
      const poller = client.forMachineActions();
      await poller.getMachineAction(action.id);
      await poller.getMachineAction(action.id);
      await expect(poller.getMachineAction(action.id)).rejects.toMatchObject({ code: 'THROTTLED' });

      const reached = limited.calls().filter((c) => c.path === `/api/machineactions/${action.id}`);
      expect(reached).toHaveLength(10);
      expect(limited.calls().filter((c) => c.status === 429)).toHaveLength(0);
    } finally {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
      await limited.close();
    }
  });
});
