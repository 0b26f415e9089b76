// The child processes under test (bench/targets) run as compiled JavaScript under plain `node`, as
// production runs dist/: under tsx's loader a process holds ~50 MB more (transpiler, sources) and
// its memory figures would say more about tsx than about the bot. The runner compiles them once.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TARGETS_DIR_ENV = 'BENCH_TARGETS_DIR';
const benchDir = fileURLToPath(new URL('..', import.meta.url));
/** Inside the package (so node_modules and cards/ resolve as from dist/), out of git's and eslint's way. */
export const COMPILED_DIR = join(benchDir, '..', 'node_modules', '.cache', 'defbot-bench');

/** Transpiles bench/targets and what they import (no type check: `npm run typecheck` does that). */
export function compileTargets(): Promise<string> {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsc, '-p', join(benchDir, 'tsconfig.targets.json'), '--noCheck'], {
      stdio: 'inherit',
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve(join(COMPILED_DIR, 'bench', 'targets'))
        : reject(new Error(`compiling bench/targets failed (tsc exit ${code})`)),
    );
  });
}

/** The compiled file of target `name` (e.g. 'bot'), as the runner announced the directory. */
export function targetFile(name: 'bot' | 'bare-bolt' | 'bare-teams' | 'infra'): string {
  const dir = process.env[TARGETS_DIR_ENV];
  if (!dir)
    throw new Error(`${TARGETS_DIR_ENV} is not set: start benchmarks with \`npm run bench [-- <name>]\`.`);
  return join(dir, `${name}.js`);
}
