// Job routing follows the registry alone: every registered verb's examples, dispatched through the real
// dispatcher onto a real BullMQ queue and audit trail (real Redis, a private key prefix), end up where
// the verb's run tag says — an immediate answer and no job, a `command` job, or a `start-action` job —
// and a declaration with a run tag nobody knows (or `job` without its job) is refused, with nothing queued.
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDispatcher, safeJobId } from '../../src/app/dispatch.js';
import { createAuditTrail } from '../../src/audit/index.js';
import { VERBS_DECLARED, type RunTag } from '../../src/commands/index.js';
import type * as registry from '../../src/commands/registry.js';
import type { Interaction } from '../../src/core/interaction.js';
import { createLogger } from '../../src/core/logger.js';
import type { DefenderJob } from '../../src/jobs/types.js';
import { rbac, slackUser } from '../authz/fixtures.js';

// The registry as declared, except that a test may give one verb a made-up run tag.
const planted = vi.hoisted(() => ({
  verb: undefined as string | undefined,
  runs: undefined as string | undefined,
}));
vi.mock('../../src/commands/registry.js', async (importOriginal) => {
  const original = await importOriginal<typeof registry>();
  return {
    ...original,
    declarationOf: (verb: Parameters<typeof original.declarationOf>[0]) => {
      const declaration = original.declarationOf(verb);
      return planted.verb === verb ? { ...declaration, runs: planted.runs } : declaration;
    },
  };
});

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `test-${randomUUID()}`;
const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
const queue = new Queue<DefenderJob>('defender', {
  connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }),
  prefix,
});
const logger = createLogger({ level: 'silent' });
const audit = createAuditTrail({ redis, prefix, logger });
const ADMIN = slackUser('UADMIN', { email: 'admin@contoso.com' });
const dispatch = createDispatcher({
  // run starts only scripts on the allow-list: the example's is on it.
  rbac: { ...rbac({ admin: ['slack:UADMIN'] }), liveResponse: { scripts: ['collect-logs.ps1'] } },
  defenderQueue: queue,
  audit,
  logger,
});

beforeAll(async () => {
  await queue.waitUntilReady();
});

afterEach(() => {
  planted.verb = undefined;
  planted.runs = undefined;
});

afterAll(async () => {
  await queue.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

function typed(text: string): Interaction {
  return {
    platform: 'slack',
    actor: ADMIN,
    conversation: {
      platform: 'slack',
      id: 'C1',
      tenantId: undefined,
      serviceUrl: undefined,
      platformData: undefined,
    },
    input: { kind: 'command', text },
    receivedAt: Date.now(),
    correlationId: randomUUID(),
  };
}

/** Where one dispatched text ended up: its answer and the job queued under its correlation id, if any. */
async function dispatched(text: string) {
  const interaction = typed(text);
  const answer = await dispatch(interaction);
  const job = await queue.getJob(safeJobId(interaction.correlationId));
  return { answer, job, correlationId: interaction.correlationId };
}

const JOB_KIND: Record<RunTag, DefenderJob['kind'] | undefined> = {
  immediate: undefined,
  job: 'command',
  'machine-action': 'start-action',
};

const EXAMPLES = VERBS_DECLARED.flatMap((declaration) =>
  declaration.examples.map((example) => ({ verb: declaration.word, runs: declaration.runs, example })),
);

describe('dispatch routes every verb by its run tag', () => {
  it.each(EXAMPLES)('$verb ($runs): “$example”', async ({ verb, runs, example }) => {
    const { answer, job, correlationId } = await dispatched(example);
    expect(answer.visibility).not.toBe('none');
    const kind = JOB_KIND[runs];
    if (kind === undefined) {
      expect(job).toBeUndefined();
      return;
    }
    expect(job?.name).toBe(kind);
    expect(job?.data.kind).toBe(kind);
    expect(job?.data).toMatchObject({ command: { verb }, requester: { correlationId } });
  });

  it('has every run tag among the registered verbs', () => {
    expect(new Set(EXAMPLES.map((e) => e.runs))).toEqual(
      new Set<RunTag>(['immediate', 'job', 'machine-action']),
    );
  });

  it.each([
    { verb: 'status', example: 'status 3f2b8a7c-0d1e-4f5a-9b6c-7d8e9f0a1b2c', runs: 'teleport' },
    { verb: 'scan', example: 'scan host-1 quick "routine check"', runs: 'teleport' },
    { verb: 'help', example: 'help', runs: 'teleport' },
    // `job` without the job to run (`scan` declares none): never queued to fail in the worker.
    { verb: 'scan', example: 'scan host-1 quick "routine check"', runs: 'job' },
  ])('refuses $verb declared with run tag $runs and queues nothing', async ({ verb, example, runs }) => {
    const real = await dispatched(example);
    expect(JSON.stringify(real.answer)).not.toContain('Cannot run that command');
    planted.verb = verb;
    planted.runs = runs;
    const before = await queuedJobs();
    const { answer, job } = await dispatched(example);
    expect(job).toBeUndefined();
    expect(await queuedJobs()).toBe(before);
    expect(answer).toMatchObject({ visibility: 'private' });
    expect(JSON.stringify(answer)).toContain('Cannot run that command');
  });
});

async function queuedJobs(): Promise<number> {
  const counts = await queue.getJobCounts();
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

describe('the audit entry of a command', () => {
  it('says what the command was about, not only its verb', async () => {
    const actionId = '3f2b8a7c-0d1e-4f5a-9b6c-7d8e9f0a1b2c';
    const cancel = await dispatched(`cancel ${actionId} wrong machine`);
    const tag = await dispatched('tag web-07 "case 4711"');
    const entries = await audit.readRecent(50);
    expect(entries.find((e) => e.correlationId === cancel.correlationId)).toMatchObject({
      type: 'authz',
      verb: 'cancel',
      decision: 'allow',
      reason: 'wrong machine',
      details: { actionId },
    });
    expect(entries.find((e) => e.correlationId === tag.correlationId)).toMatchObject({
      verb: 'tag',
      details: { machine: 'web-07', tag: 'case 4711' },
    });
    const help = await dispatched('help');
    expect(
      entries.concat(await audit.readRecent(5)).find((e) => e.correlationId === help.correlationId),
    ).not.toHaveProperty('details');
  });
});
