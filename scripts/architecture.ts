// `npm run architecture`: redraws the generated part of docs/architecture.md (the layer table and the
// folder-level dependency graph) from a dependency-cruiser run with the project's rules.
// `npm run architecture -- --check` changes nothing and exits 1 when the document is out of date.
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from './architecture/cruise.js';
import { generatedBlock, withBlock } from './architecture/graph.js';

export const ARCHITECTURE_DOC = join(repoRoot, 'docs', 'architecture.md');

/** Returns the process exit code. */
export async function runArchitecture(args: readonly string[]): Promise<number> {
  const current = await readFile(ARCHITECTURE_DOC, 'utf8');
  const next = withBlock(current, await generatedBlock());
  if (args.includes('--check')) {
    if (next === current) return 0;
    console.error('docs/architecture.md is out of date: run `npm run architecture` and commit the result');
    return 1;
  }
  if (next !== current) await writeFile(ARCHITECTURE_DOC, next);
  console.log(next === current ? 'docs/architecture.md is up to date' : 'docs/architecture.md redrawn');
  return 0;
}

// Run only as a script, so tests can import runArchitecture without side effects.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await runArchitecture(process.argv.slice(2));
}
