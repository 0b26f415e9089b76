// Slack's 429 in a busy notify queue, on real BullMQ and a real Redis: the throttled job waits out
// Retry-After, the others are not run twice. (Parking the whole worker with BullMQ's rateLimit left
// jobs the worker had already fetched sitting past their lock while it slept; the stalled-job check
// then handed them out again, and their edits went to Slack twice.)
import { randomUUID } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationRef, Reply } from '../../src/core/interaction.js';
import { createNotifyProcessor } from '../../src/jobs/notify.js';
import { ThrottleGate } from '../../src/jobs/steer.js';
import type { NotifyJob } from '../../src/jobs/types.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { BOT_TOKEN, captureLog, card, slackReplyFor } from '../slack/harness.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const EDITS = 24;
const IN_FLIGHT_MS = 300;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let redis: Redis;
let queue: Queue<NotifyJob>;
let worker: Worker<NotifyJob> | undefined;
let slack: FakeSlack;

beforeEach(async () => {
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  queue = new Queue<NotifyJob>('notify', { connection: redis, prefix: `test-${randomUUID()}` });
  slack = await startFakeSlack({ botToken: BOT_TOKEN });
});
afterEach(async () => {
  await worker?.close(true);
  await queue.obliterate({ force: true });
  await queue.close();
  await slack.close();
  redis.disconnect();
});

const conversation = (i: number): ConversationRef => ({
  platform: 'slack',
  id: `C0EDIT${i}`,
  tenantId: 'T1',
  serviceUrl: undefined,
  platformData: undefined,
});

function edit(i: number): NotifyJob {
  const text = `Scan ${i}: Succeeded`;
  return {
    op: 'update',
    ref: { conversation: conversation(i), messageId: `1700000000.${String(i).padStart(6, '0')}` },
    message: { card: card(text), text },
    correlationId: `c-${i}`,
  };
}

async function settled(expected: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const counts = await queue.getJobCounts('completed', 'failed');
    if ((counts.completed ?? 0) + (counts.failed ?? 0) >= expected) return;
    await sleep(50);
  }
  throw new Error(`jobs not settled in ${timeoutMs} ms: ${JSON.stringify(await queue.getJobCounts())}`);
}

describe('Slack 429 in the notify queue', () => {
  it('delivers every edit exactly once while Slack throttles, even with locks shorter than Retry-After', async () => {
    const log = captureLog('warn');
    const slackReply = slackReplyFor(slack.apiUrl, log.logger);
    // Edit 0 reaches Slack at once and is throttled; the others are still on their way (300 ms), so
    // they finish, and take the next jobs, while edit 0 waits out Retry-After.
    const reply: Reply = {
      ...slackReply,
      update: (ref, message) =>
        sleep(ref.conversation.id === 'C0EDIT0' ? 0 : IN_FLIGHT_MS).then(() =>
          slackReply.update(ref, message),
        ),
    };
    const gate = new ThrottleGate();
    const processor = createNotifyProcessor(
      {
        replies: { slack: reply },
        logger: log.logger,
        attachApprovalMessage: () => Promise.resolve(),
        defenderQueue: { add: () => Promise.reject(new Error('unused')) },
      },
      gate,
    );
    // One 429 with Retry-After 2 s while 24 edits go out eight at a time; locks last 1 s, and the
    // stalled-job check runs every 300 ms, so a job left holding an expired lock is handed out again.
    slack.failNext('chat.update', 429, 2);
    await queue.addBulk(
      Array.from({ length: EDITS }, (_, i) => ({
        name: 'update',
        data: edit(i),
        opts: { attempts: 6, backoff: { type: 'fixed', delay: 100 } },
      })),
    );
    worker = new Worker<NotifyJob>('notify', processor, {
      connection: redis,
      prefix: queue.opts.prefix!,
      concurrency: 8,
      lockDuration: 1000,
      stalledInterval: 300,
    });
    const errors: string[] = [];
    worker.on('error', (error) => errors.push(error.message));

    await settled(EDITS, 20_000);

    const updates = slack.calls().filter((c) => c.method === 'chat.update');
    const delivered = updates.filter((c) => c.response?.ok === true).map((c) => String(c.body.channel));
    expect(updates.filter((c) => c.response?.error === 'ratelimited')).toHaveLength(1);
    expect([...delivered].sort()).toEqual(Array.from({ length: EDITS }, (_, i) => `C0EDIT${i}`).sort());
    expect(await queue.getJobCounts('completed', 'failed')).toEqual({ completed: EDITS, failed: 0 });
    expect(errors).toEqual([]);
    // Only the seven edits already on their way reached Slack before Retry-After was up.
    const throttledAt = updates.find((c) => c.response?.error === 'ratelimited')!.at;
    expect(updates.filter((c) => c.at > throttledAt && c.at < throttledAt + 1900)).toHaveLength(7);
  });
});
