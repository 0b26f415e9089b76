// What a drill hands back to the runner: what was done, the accounting of accepted requests, and
// the verdict. Drills run as child processes and write this as JSON to the file the runner names.
import { writeFile } from 'node:fs/promises';
import { z } from 'zod';

export const drillResultSchema = z.object({
  name: z.string(),
  done: z.string(),
  accepted: z.number().int(),
  completed: z.number().int(),
  lost: z.number().int(),
  duplicated: z.number().int(),
  /** Commands whose "working on it" message still showed at the end (neither replaced nor deleted). */
  workingLeft: z.number().int(),
  /** 'skipped' when the drill could not run here (e.g. no redis-server). */
  verdict: z.enum(['pass', 'FAIL', 'skipped']),
  notes: z.array(z.string()),
});

export type DrillResult = z.infer<typeof drillResultSchema>;

/** The env variable the runner sets to tell a drill where its result goes. */
export const DRILL_RESULT_ENV = 'DRILL_RESULT_FILE';

/**
 * pass only when nothing accepted was lost or duplicated, no working message was left behind, and
 * every extra check held.
 */
export function verdictOf(
  counts: { lost: number; duplicated: number; workingLeft: number },
  checks: readonly boolean[] = [],
): DrillResult['verdict'] {
  return counts.lost === 0 && counts.duplicated === 0 && counts.workingLeft === 0 && checks.every(Boolean)
    ? 'pass'
    : 'FAIL';
}

/** Prints the result and, under the runner, writes it where the runner reads it. */
export async function reportDrill(result: DrillResult): Promise<void> {
  console.log(
    `  ${result.verdict}: accepted ${result.accepted}, completed ${result.completed}, lost ${result.lost}, duplicated ${result.duplicated}, working messages left ${result.workingLeft}`,
  );
  for (const note of result.notes) console.log(`  note: ${note}`);
  const file = process.env[DRILL_RESULT_ENV];
  if (file) await writeFile(file, JSON.stringify(result));
}

/** Runs a drill body, reports its result (or its crash, as a FAIL), then exits whatever is still open. */
export async function runDrill(name: string, body: () => Promise<DrillResult>): Promise<never> {
  try {
    await reportDrill(await body());
  } catch (error) {
    const why = error instanceof Error ? (error.stack ?? error.message) : String(error);
    await reportDrill({
      name,
      done: 'the drill itself failed',
      accepted: 0,
      completed: 0,
      lost: 0,
      duplicated: 0,
      workingLeft: 0,
      verdict: 'FAIL',
      notes: [why.split('\n').slice(0, 4).join(' ')],
    });
  }
  process.exit(0);
}
