// BENCH_PAUSES=1: a child prints, at exit, its GC pauses and event-loop delay (for finding what makes a
// tail). Off by default: the observer itself costs a little.
import { PerformanceObserver, monitorEventLoopDelay, type PerformanceEntry } from 'node:perf_hooks';

export function recordPauses(label: string): void {
  if (process.env.BENCH_PAUSES !== '1') return;
  const gcs: { kind: number; ms: number }[] = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const detail = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail;
      gcs.push({ kind: detail?.kind ?? 0, ms: entry.duration });
    }
  }).observe({ entryTypes: ['gc'] });
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  process.once('exit', () => {
    const byKind = new Map<number, number[]>();
    for (const gc of gcs) byKind.set(gc.kind, [...(byKind.get(gc.kind) ?? []), gc.ms]);
    const kinds = [...byKind].map(([kind, list]) => {
      const sorted = list.sort((a, b) => a - b);
      return `kind ${kind}: n=${sorted.length} max=${sorted.at(-1)?.toFixed(1)} ms p99=${sorted[Math.floor(sorted.length * 0.99)]?.toFixed(1)} ms total=${sorted.reduce((a, b) => a + b, 0).toFixed(0)} ms`;
    });
    const ms = (ns: number) => (ns / 1e6).toFixed(1);
    process.stdout.write(
      `[pauses ${label}] gc ${kinds.join('; ')}; event-loop delay p50=${ms(loop.percentile(50))} p99=${ms(loop.percentile(99))} max=${ms(loop.max)} ms\n`,
    );
  });
}
