// What a benchmark hands back to the runner: figures with their goal and whether it was met, plus
// notes that explain them. Benchmarks run as child processes and write this as JSON to a file.
import { writeFile } from 'node:fs/promises';
import { z } from 'zod';

export const resultRowSchema = z.object({
  metric: z.string(),
  value: z.string(),
  /** Empty when the figure is context, not a goal. */
  goal: z.string(),
  met: z.boolean().nullable(),
});

export const benchResultSchema = z.object({
  name: z.string(),
  rows: z.array(resultRowSchema),
  notes: z.array(z.string()),
});

export type ResultRow = z.infer<typeof resultRowSchema>;
export type BenchResult = z.infer<typeof benchResultSchema>;

/** The env variable the runner sets to tell a benchmark where its result goes. */
export const RESULT_FILE_ENV = 'BENCH_RESULT_FILE';

export const info = (metric: string, value: string): ResultRow => ({ metric, value, goal: '', met: null });
export const goal = (metric: string, value: string, goalText: string, met: boolean): ResultRow => ({
  metric,
  value,
  goal: goalText,
  met,
});

/** Prints the result and, under the runner, writes it where the runner reads it. */
export async function report(result: BenchResult): Promise<void> {
  for (const row of result.rows) {
    const verdict = row.met === null ? '' : row.met ? '  [goal met]' : '  [goal MISSED]';
    console.log(`  ${row.metric}: ${row.value}${row.goal ? ` (goal ${row.goal})` : ''}${verdict}`);
  }
  for (const note of result.notes) console.log(`  note: ${note}`);
  const file = process.env[RESULT_FILE_ENV];
  if (file) await writeFile(file, JSON.stringify(result));
}
