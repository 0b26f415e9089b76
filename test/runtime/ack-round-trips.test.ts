// The ack path's Redis traffic, counted at the socket of the web side's real connection: a command is
// admitted in one round trip, then its audit entry and its job (or the audit entry of an immediate
// answer) reach Redis together in one more, never one after the other.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDoorkeeper } from '../../src/app/admission.js';
import { createDispatcher } from '../../src/app/dispatch.js';
import { createAuditTrail } from '../../src/audit/index.js';
import type { Interaction } from '../../src/core/interaction.js';
import { createLogger } from '../../src/core/logger.js';
import { createQueues } from '../../src/jobs/queues.js';
import { closeRedis, producerConnection } from '../../src/runtime/redis.js';
import { rbac, slackUser } from '../authz/fixtures.js';

const logger = createLogger({ level: 'silent' });
const prefix = `test-${randomUUID()}`;
const producer = producerConnection(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', logger);
const queues = createQueues(producer, prefix, () => undefined);
const audit = createAuditTrail({ redis: producer, prefix, logger });
const VIEWER = slackUser('U0VIEWER', { email: 'viewer@contoso.com' });
const dispatch = createDispatcher({
  rbac: rbac({ viewer: ['slack:U0VIEWER'] }),
  defenderQueue: queues.defender,
  audit,
  logger,
  doorkeeper: createDoorkeeper(producer, prefix, 1000),
});

/** Counts what the connection writes to its socket (one write = one round trip's worth of commands). */
let writes = 0;
beforeAll(async () => {
  await queues.defender.waitUntilReady();
  const stream = (producer as unknown as { stream: { write: (...args: unknown[]) => boolean } }).stream;
  const write = stream.write.bind(stream);
  stream.write = (...args: unknown[]) => {
    writes += 1;
    return write(...args);
  };
  // Load the scripts once, so the count is the steady state and not a first NOSCRIPT retry.
  await dispatch(typed('help'));
  await dispatch(typed('machine web-00'));
});

afterAll(async () => {
  await queues.defender.obliterate({ force: true });
  await queues.close();
  const keys = await producer.keys(`${prefix}:*`);
  if (keys.length > 0) await producer.del(...keys);
  await closeRedis(producer);
});

function typed(text: string): Interaction {
  const conversation = {
    platform: 'slack' as const,
    id: 'C0ACK',
    tenantId: 'T0TEAM',
    serviceUrl: undefined,
    platformData: undefined,
  };
  const correlationId = randomUUID();
  return {
    platform: 'slack',
    actor: VIEWER,
    conversation,
    input: { kind: 'command', text },
    receivedAt: Date.now(),
    correlationId,
    deliveryId: `slack:${correlationId}`,
  };
}

async function writesFor(text: string) {
  const before = writes;
  const answer = await dispatch(typed(text));
  return { answer, writes: writes - before };
}

describe('round trips on the ack path', () => {
  it('a queued command: admission, then the audit entry and the job in one write', async () => {
    const events = await audit.readRecent(1000);
    const { answer, writes: count } = await writesFor('machine web-07');
    expect(answer.visibility).not.toBe('none');
    expect(JSON.stringify(answer)).not.toMatch(/try again/i);
    expect(count).toBe(2);
    expect((await audit.readRecent(1000)).length).toBe(events.length + 1);
    expect(await queues.defender.getJobCounts('waiting')).toMatchObject({ waiting: 2 });
  });

  it('an immediate answer: admission, then its audit entry', async () => {
    const { writes: count } = await writesFor('help');
    expect(count).toBe(2);
  });
});
