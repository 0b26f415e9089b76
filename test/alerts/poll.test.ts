// One poll against the simulator and real Redis, inspecting what it hands to the notify queue: paging,
// overlapping polls, a crash after the fetch, and MDE outages that must leave the cursor alone.
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import {
  DEFAULT_ALERT_POLL,
  createAlertCardIndex,
  createAlertInfoStore,
  createPollCursor,
  createSentStore,
  createSubscriptionStore,
  pollAlerts,
  type AlertPollDeps,
} from '../../src/jobs/alerts/index.js';
import type { NotifyJob } from '../../src/jobs/types.js';
import type { SimMachine, Simulator } from '../../src/sim/index.js';
import { createTestDefender } from '../helpers/defender.js';
import { startTestSimulator } from '../helpers/sim.js';
import { admin, conversation } from './fixtures.js';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
let sim: Simulator;
let machine: SimMachine;
let prefix: string;
let notify: Queue<NotifyJob>;

beforeAll(async () => {
  sim = await startTestSimulator({ seed: false });
  machine = sim.mde.addMachine({ computerDnsName: 'web-07.contoso.local' });
});
afterAll(async () => {
  await sim.close();
  redis.disconnect();
});
beforeEach(async () => {
  sim.reset(false);
  machine = sim.mde.addMachine({ computerDnsName: 'web-07.contoso.local' });
  prefix = `test-${randomUUID()}`;
  notify = new Queue<NotifyJob>('notify', { connection: redis, prefix });
  await createSubscriptionStore(redis, prefix).put({
    conversation: conversation('C1'),
    minSeverity: 'medium',
    createdBy: admin,
  });
});
afterEach(async () => {
  await notify.obliterate({ force: true });
  await notify.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
});

function deps(overrides: Partial<AlertPollDeps> = {}): AlertPollDeps {
  return {
    ...DEFAULT_ALERT_POLL,
    pollIntervalMs: 5000,
    digestThreshold: 10,
    defender: createTestDefender(sim).client,
    notify,
    subscriptions: createSubscriptionStore(redis, prefix),
    sent: createSentStore(redis, prefix),
    info: createAlertInfoStore(redis, prefix),
    cursor: createPollCursor(redis, prefix),
    logger: createLogger({ level: 'silent' }),
    ...overrides,
  };
}

async function queuedPosts(): Promise<NotifyJob[]> {
  const jobs = await notify.getJobs(['waiting', 'delayed', 'prioritized']);
  return jobs.map((job) => job.data).filter((data) => data.op === 'post');
}

const addAlerts = (count: number, severity: 'High' | 'Medium' | 'Low' = 'High') =>
  Array.from({ length: count }, (_, i) =>
    sim.mde.addAlert({ title: `Alert ${i}`, severity, machineId: machine.id }),
  );

describe('pollAlerts', () => {
  it('follows paging, announces each alert once with its machine recorded, spaces the posts and moves the cursor', async () => {
    sim.mde.setPageSize(3);
    const alerts = addAlerts(8, 'Medium');
    addAlerts(2, 'Low');
    const summary = await pollAlerts(deps());
    expect(summary).toMatchObject({ fetched: 8, announced: 8, digests: 0 });
    const posts = await notify.getJobs(['waiting', 'delayed']);
    expect(posts).toHaveLength(8);
    expect(posts.map((job) => job.opts.delay ?? 0).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 8 }, (_, i) => i * DEFAULT_ALERT_POLL.channelSpacingMs),
    );
    const newest = alerts
      .map((a) => a.lastUpdateTime)
      .sort()
      .at(-1)!;
    expect(summary.cursor).toBe(new Date(newest).toISOString());
    expect(await createAlertInfoStore(redis, prefix).get(alerts[0]!.id)).toMatchObject({
      machineId: machine.id,
      title: 'Alert 0',
    });

    expect(await pollAlerts(deps())).toMatchObject({ fetched: 8, announced: 0 });
    expect(await queuedPosts()).toHaveLength(8);
  });

  it('queues one post per alert when three polls overlap', async () => {
    addAlerts(6);
    await Promise.all([pollAlerts(deps()), pollAlerts(deps()), pollAlerts(deps())]);
    const posts = await queuedPosts();
    expect(posts).toHaveLength(6);
    expect(
      new Set(posts.map((p) => (p.op === 'post' && p.then?.kind === 'attach-alert' ? p.then.alertId : '')))
        .size,
    ).toBe(6);
  });

  it('leaves the cursor and queues nothing when it dies after the fetch; the next poll delivers', async () => {
    addAlerts(3);
    const crash = deps({
      afterFetch: () => {
        throw new Error('worker killed');
      },
    });
    await expect(pollAlerts(crash)).rejects.toThrow('worker killed');
    expect(await createPollCursor(redis, prefix).read()).toBeUndefined();
    expect(await queuedPosts()).toHaveLength(0);
    expect(await pollAlerts(deps())).toMatchObject({ announced: 3 });
    expect(await queuedPosts()).toHaveLength(3);
  });

  it('fails without moving the cursor while MDE is down or throttling', async () => {
    addAlerts(2);
    const cursor = createPollCursor(redis, prefix);
    const start = new Date(Date.now() - 5000);
    await cursor.advance(start);
    sim.injectFault({ match: 'GET /api/alerts', kind: '503', count: 1 });
    await expect(pollAlerts(deps())).rejects.toMatchObject({ code: 'TRANSIENT' });
    sim.injectFault({ match: 'GET /api/alerts', kind: '429', count: 1, retryAfterSeconds: 1 });
    await expect(pollAlerts(deps())).rejects.toMatchObject({ code: 'THROTTLED' });
    expect(await cursor.read()).toEqual(start);
    expect(await queuedPosts()).toHaveLength(0);
    expect(await pollAlerts(deps())).toMatchObject({ announced: 2 });
  });

  it('posts a digest instead of individual cards in a storm, and records every alert in it', async () => {
    const storm = addAlerts(12);
    const summary = await pollAlerts(deps());
    expect(summary).toMatchObject({ announced: 0, digests: 1 });
    const posts = await queuedPosts();
    expect(posts).toHaveLength(1);
    expect(posts[0]!.op === 'post' && posts[0]!.message.text).toMatch(/^12 new Defender alerts: 12 high/);
    const sent = await createSentStore(redis, prefix).read(
      'slack:C1',
      storm.map((a) => a.id),
    );
    expect([...sent.values()].every((r) => r.state === 'digest')).toBe(true);
    expect(sent.size).toBe(12);
  });

  it('redraws every card of an alert changed in the portal: the subscription’s and the others it knows', async () => {
    const [raised] = addAlerts(1);
    const index = createAlertCardIndex(redis, prefix);
    await pollAlerts(deps({ cards: index }));
    const subKey = 'slack:C1';
    const posted = { conversation: conversation('C1'), messageId: '1.1' };
    const elsewhere = { conversation: conversation('C2'), messageId: '2.2' };
    await createSentStore(redis, prefix).attach(subKey, raised!.id, posted, {
      status: 'New',
      assignedTo: null,
    });
    await index.add(raised!.id, posted);
    await index.add(raised!.id, elsewhere);

    sim.mde.updateAlert(raised!.id, { status: 'Resolved', assignedTo: 'secops@contoso.com' });
    expect(await pollAlerts(deps({ cards: index }))).toMatchObject({ updates: 1 });
    const updates = (await notify.getJobs(['waiting', 'delayed']))
      .map((job) => job.data)
      .filter((data) => data.op === 'update');
    expect(updates.map((u) => (u.op === 'update' ? u.ref.conversation.id : '')).sort()).toEqual(['C1', 'C2']);
    for (const update of updates) expect(update.message.text).toContain('[Resolved]');
  });

  it('does not call MDE while nobody is subscribed', async () => {
    await createSubscriptionStore(redis, prefix).remove(conversation('C1'));
    sim.clearCalls();
    expect(await pollAlerts(deps())).toMatchObject({ fetched: 0 });
    expect(sim.calls().filter((c) => c.path.startsWith('/api/alerts'))).toHaveLength(0);
  });
});
