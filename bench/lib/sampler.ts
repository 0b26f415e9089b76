// Samples a web and a worker process on a timer while load runs: resident memory from /proc, heap
// and queue depths from their /metrics (as a Prometheus scrape would). Reads only, from outside.
import { performance } from 'node:perf_hooks';
import { rssMb } from './memory.js';
import { promSum } from './prom.js';

export interface Watched {
  pid: number | undefined;
  /** The process's base URL; its /metrics is scraped. */
  url: string;
}

export interface ProcessSample {
  rssMb: number | undefined;
  heapUsedMb: number | undefined;
}

export interface Sample {
  /** performance.now() when taken. */
  at: number;
  web: ProcessSample;
  worker: ProcessSample;
  /** Jobs not yet done (waiting, active, delayed, prioritized) and failed, per queue, from the web's /metrics. */
  backlog: { defender: number | undefined; notify: number | undefined };
  failed: { defender: number | undefined; notify: number | undefined };
}

const UNDONE = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);
const MB = 2 ** 20;

async function scrape(url: string): Promise<string | undefined> {
  try {
    const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5_000) });
    return response.ok ? await response.text() : undefined;
  } catch {
    return undefined;
  }
}

async function processSample(
  target: Watched,
): Promise<{ sample: ProcessSample; metrics: string | undefined }> {
  const [rss, metrics] = await Promise.all([rssMb(target.pid), scrape(target.url)]);
  const heap = metrics === undefined ? undefined : promSum(metrics, 'nodejs_heap_size_used_bytes');
  return { sample: { rssMb: rss, heapUsedMb: heap === undefined ? undefined : heap / MB }, metrics };
}

const queueCount = (
  metrics: string | undefined,
  queue: string,
  states: (state: string) => boolean,
): number | undefined =>
  metrics === undefined
    ? undefined
    : promSum(metrics, 'defbot_queue_jobs', (l) => l.queue === queue && states(l.state ?? ''));

export async function takeSample(web: Watched, worker: Watched): Promise<Sample> {
  const at = performance.now();
  const [w, k] = await Promise.all([processSample(web), processSample(worker)]);
  const undone = (state: string): boolean => UNDONE.has(state);
  const failed = (state: string): boolean => state === 'failed';
  return {
    at,
    web: w.sample,
    worker: k.sample,
    backlog: {
      defender: queueCount(w.metrics, 'defender', undone),
      notify: queueCount(w.metrics, 'notify', undone),
    },
    failed: {
      defender: queueCount(w.metrics, 'defender', failed),
      notify: queueCount(w.metrics, 'notify', failed),
    },
  };
}

export interface Sampler {
  readonly samples: readonly Sample[];
  stop(): Promise<void>;
}

/** Samples every `everyMs` (the next sample starts only after the last one finished) until stopped. */
export function startSampler(web: Watched, worker: Watched, everyMs: number): Sampler {
  const samples: Sample[] = [];
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = (): void => {
    running = takeSample(web, worker).then((sample) => {
      samples.push(sample);
      if (!stopped) timer = setTimeout(tick, Math.max(0, everyMs - (performance.now() - sample.at)));
    });
  };
  tick();
  return {
    samples,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
