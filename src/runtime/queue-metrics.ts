// Queue depths for /metrics, read from Redis when Prometheus scrapes (not on a timer), so every web
// and worker replica reports the shared queues' current state.
import type { Queue } from 'bullmq';
import { Gauge, type Registry } from 'prom-client';
import type { Logger } from '../core/logger.js';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'prioritized', 'waiting-children'] as const;

export function registerQueueDepths(
  registry: Registry,
  queues: Record<string, Pick<Queue, 'getJobCounts'>>,
  logger: Logger,
): void {
  new Gauge({
    name: 'defbot_queue_jobs',
    help: 'Jobs in each BullMQ queue by state',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      for (const [name, queue] of Object.entries(queues)) {
        try {
          const counts = await queue.getJobCounts(...STATES);
          for (const state of STATES) this.set({ queue: name, state }, counts[state] ?? 0);
        } catch (err) {
          // A scrape during a Redis outage still answers; /readyz is where the outage shows.
          logger.debug({ err, queue: name }, 'queue depth unavailable');
        }
      }
    },
  });
}
