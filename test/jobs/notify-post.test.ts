// Posting through the notify queue: a retried post looks for the card an earlier attempt may have
// put in the channel, and posts anyway (never loses the card) when it cannot look.
import { randomUUID } from 'node:crypto';
import { Queue, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationRef, Reply } from '../../src/core/interaction.js';
import { createNotifyProcessor } from '../../src/jobs/notify.js';
import type { NotifyJob } from '../../src/jobs/types.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { BOT_TOKEN, captureLog, card, slackReplyFor, type CapturedLog } from '../slack/harness.js';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
const prefix = `test-${randomUUID()}`;
const queue = new Queue<NotifyJob>('notify', { connection: redis, prefix });
afterAll(async () => {
  await queue.obliterate({ force: true });
  await queue.close();
  redis.disconnect();
});

const conversation: ConversationRef = {
  platform: 'slack',
  id: 'C0POST',
  tenantId: 'T1',
  serviceUrl: undefined,
  platformData: undefined,
};
const post: NotifyJob = {
  op: 'post',
  conversation,
  message: { card: card('Scan of pc-01: Pending'), text: 'Scan of pc-01: Pending' },
  correlationId: 'c-1',
};

let slack: FakeSlack;
let log: CapturedLog;
let runJob: (job: Job<NotifyJob>) => Promise<{ messageId?: string }>;

beforeEach(async () => {
  slack = await startFakeSlack({ botToken: BOT_TOKEN, tsSeconds: Math.floor(Date.now() / 1000) });
  log = captureLog();
  const reply: Reply = slackReplyFor(slack.apiUrl, log.logger);
  runJob = createNotifyProcessor(
    {
      replies: { slack: reply },
      logger: log.logger,
      attachApprovalMessage: () => Promise.resolve(),
      defenderQueue: { add: () => Promise.reject(new Error('unused')) },
    },
    undefined,
  );
});
afterEach(async () => {
  await slack.close();
});

/** A job as the worker sees it on its `attempt`-th start (BullMQ counts starts, stalls included). */
async function started(attempt: number): Promise<Job<NotifyJob>> {
  const job = await queue.add('post', post);
  job.attemptsStarted = attempt;
  return job;
}

const postCalls = () => slack.calls().filter((c) => c.method === 'chat.postMessage');
const historyCalls = () => slack.calls().filter((c) => c.method === 'conversations.history');

describe('notify posts', () => {
  it('a first attempt posts without looking back, stamped with its job', async () => {
    const job = await started(1);
    const result = await runJob(job);
    expect(historyCalls()).toHaveLength(0);
    expect(postCalls()[0]?.body.metadata).toEqual({
      event_type: 'defbot_post',
      event_payload: { post_key: `notify:${job.id}` },
    });
    expect((await queue.getJob(job.id!))?.data).toMatchObject({ posted: { messageId: result.messageId } });
  });

  it('a retry adopts the card an earlier attempt posted and records it', async () => {
    const job = await started(1);
    // The earlier attempt's post reached Slack; its answer was never recorded.
    const earlier = await runJob(job);
    await job.updateData(post);
    job.attemptsStarted = 2;
    const retried = await runJob(job);
    expect(retried.messageId).toBe(earlier.messageId);
    expect(postCalls()).toHaveLength(1);
    expect((await queue.getJob(job.id!))?.data).toMatchObject({ posted: { messageId: earlier.messageId } });
  });

  it('a retry whose earlier attempt never reached Slack posts the card', async () => {
    const job = await started(2);
    await runJob(job);
    expect(historyCalls()).toHaveLength(1);
    expect(postCalls()).toHaveLength(1);
  });

  it('a retry that cannot read the channel (no history scope) posts anyway and says a duplicate is possible', async () => {
    slack.failNext('conversations.history', 'missing_scope');
    const job = await started(2);
    await runJob(job);
    expect(postCalls()).toHaveLength(1);
    expect(log.text()).toContain('it may appear twice');
  });
});
