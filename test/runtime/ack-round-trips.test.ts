// The ack path's Redis traffic, watched at the socket of the web side's real connection: a command is
// admitted in one round trip, then its audit entry and its job are written before Redis answers
// either (in flight together: one more round trip, never one after the other).
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

/** What the connection's socket does, in order: `w` a write, `r` data from Redis. */
let events: string[] = [];
beforeAll(async () => {
  await queues.defender.waitUntilReady();
  const stream = (
    producer as unknown as { stream: NodeJS.EventEmitter & { write: (...args: unknown[]) => boolean } }
  ).stream;
  const write = stream.write.bind(stream);
  stream.write = (...args: unknown[]) => {
    events.push('w');
    return write(...args);
  };
  stream.prependListener('data', () => events.push('r'));
  // Load the scripts once, so what is watched is the steady state and not a first NOSCRIPT retry.
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

/** The socket's events while one command is dispatched, as a string such as "wrwwrr". */
async function trafficOf(text: string) {
  events = [];
  const answer = await dispatch(typed(text));
  return { answer, traffic: events.join('') };
}

describe('round trips on the ack path', () => {
  it('a queued command: admission, then the audit entry and the job written before Redis answers either', async () => {
    const events = await audit.readRecent(1000);
    const { answer, traffic } = await trafficOf('machine web-07');
    expect(answer.visibility).not.toBe('none');
    expect(JSON.stringify(answer)).not.toMatch(/try again/i);
    // One write and its answer (admission), then two writes (audit, job) and only then the answers.
    expect(traffic).toMatch(/^wr+wwr+$/);
    expect((await audit.readRecent(1000)).length).toBe(events.length + 1);
    expect(await queues.defender.getJobCounts('waiting')).toMatchObject({ waiting: 2 });
  });

  it('an immediate answer: admission, then its audit entry', async () => {
    const { traffic } = await trafficOf('help');
    expect(traffic).toMatch(/^wr+wr+$/);
  });
});
