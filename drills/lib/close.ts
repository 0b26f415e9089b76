// Shutting a drill's pieces down without letting one stuck close hang the drill: each close gets a
// time limit, and one that overruns is reported (a drill exits anyway once it has reported).
import { within } from './flows.js';

const CLOSE_LIMIT_MS = 15_000;

export async function closeAll(
  pieces: readonly { name: string; close(): Promise<unknown> }[],
): Promise<void> {
  for (const piece of pieces) {
    if (!(await within(piece.close(), CLOSE_LIMIT_MS)))
      console.error(`  warning: ${piece.name} did not close within ${CLOSE_LIMIT_MS / 1000} s`);
  }
}
