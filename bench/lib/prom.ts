// Values out of a Prometheus text exposition (the bot's /metrics), so a benchmark can follow a
// process's heap and the queues' depth as a scraper would, without reaching into the process.

export interface PromSample {
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Every sample of metric `name` (exact name: a histogram's _bucket/_sum lines are other names). */
export function promSamples(text: string, name: string): PromSample[] {
  const samples: PromSample[] = [];
  for (const line of text.split('\n')) {
    const match = LINE.exec(line);
    if (!match || match[1] !== name) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(LABEL)) labels[key!] = value!;
    samples.push({ labels, value: Number(match[3]) });
  }
  return samples;
}

/** The sum of `name`'s samples whose labels include `where`; undefined when none matches. */
export function promSum(
  text: string,
  name: string,
  where: (labels: Record<string, string>) => boolean = () => true,
): number | undefined {
  const matching = promSamples(text, name).filter((s) => where(s.labels));
  return matching.length === 0 ? undefined : matching.reduce((sum, s) => sum + s.value, 0);
}
