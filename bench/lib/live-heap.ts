// The soak's leak check (BENCH_SOAK_LIVE_HEAP=1): a child started with --expose-gc collects garbage
// on a timer and writes the heap that survives; the benchmark reads it after the run. V8 collects its
// old generation only now and then, so heap used and RSS saw-tooth under load and their means over a
// minute say little; the heap after a full collection is what a leak makes grow.
import { appendFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const LIVE_HEAP_DIR_ENV = 'BENCH_LIVE_HEAP_DIR';
const EVERY_MS = 5_000;

/** Child side: every 5 s, a full GC, then "<epoch ms> <heap used bytes>" appended to <dir>/<role>.log. */
export function recordLiveHeap(dir: string, role: string): void {
  const { gc } = globalThis;
  if (typeof gc !== 'function') throw new Error(`${LIVE_HEAP_DIR_ENV} needs node --expose-gc`);
  const file = join(dir, `${role}.log`);
  setInterval(() => {
    gc();
    appendFileSync(file, `${Date.now()} ${process.memoryUsage().heapUsed}\n`);
  }, EVERY_MS).unref();
}

export interface LiveHeapSample {
  /** Epoch ms. */
  at: number;
  mb: number;
}

/** Parent side: what the child of `role` wrote (empty if nothing). */
export async function readLiveHeap(dir: string, role: string): Promise<LiveHeapSample[]> {
  const text = await readFile(join(dir, `${role}.log`), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [at, bytes] = line.split(' ').map(Number);
      return { at: at!, mb: bytes! / 2 ** 20 };
    });
}
