// Reads the bot's BullMQ queue from a test: how many defender jobs commands typed in one conversation made.
import { Queue } from 'bullmq';
import type { DefenderJob } from '../../src/jobs/types.js';
import type { TestBot } from './bot.js';

export async function defenderJobsIn(
  bot: Pick<TestBot, 'redis' | 'prefix'>,
  conversation: string,
): Promise<number> {
  const queue = new Queue<DefenderJob>('defender', { connection: bot.redis, prefix: bot.prefix });
  try {
    const jobs = await queue.getJobs(['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed']);
    return jobs.filter(
      (job) => 'requester' in job.data && job.data.requester.conversation.id === conversation,
    ).length;
  } finally {
    await queue.close();
  }
}
