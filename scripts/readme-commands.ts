// `npm run readme:commands`: prints the README's command table, rendered from the command registry.
// `npm run readme:commands -- --write` rewrites the table between its markers in README.md instead.
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  README_PATH,
  renderCommandTable,
  renderCommandsBlock,
  withCommandsBlock,
} from './readme-commands-table.js';

/** Returns the process exit code. */
export async function runReadmeCommands(args: readonly string[]): Promise<number> {
  if (!args.includes('--write')) {
    console.log(renderCommandTable());
    return 0;
  }
  const current = await readFile(README_PATH, 'utf8');
  const next = withCommandsBlock(current, renderCommandsBlock());
  if (next !== current) await writeFile(README_PATH, next);
  console.log(
    next === current ? 'README.md command table is up to date' : 'README.md command table rewritten',
  );
  return 0;
}

// Run only as a script, so tests can import runReadmeCommands without side effects.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await runReadmeCommands(process.argv.slice(2));
}
