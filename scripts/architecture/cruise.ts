// Runs dependency-cruiser with the project's own config (.dependency-cruiser.cjs), the same rules
// `npm run lint:layers` applies, on a tree of our choosing: the repository, or a test fixture that
// mirrors src/ paths. Used by `npm run architecture` and by test/architecture.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseOptions, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const configFile = join(repoRoot, '.dependency-cruiser.cjs');

export interface Layer {
  name: string;
  /** Paths under src/: a folder, or a single file ending in .ts. */
  folders: string[];
  does: string;
}

export interface Tool {
  name: string;
  does: string;
}

const layerTable = createRequire(import.meta.url)('./layers.cjs') as { LAYERS: Layer[]; TOOLS: Tool[] };
export const LAYERS: readonly Layer[] = layerTable.LAYERS;
export const TOOLS: readonly Tool[] = layerTable.TOOLS;

/**
 * Cruises `src` under `baseDir` (the repository by default) with the project's rules and returns the
 * result; `extra` overrides cruise options (the graph collapses modules to folders).
 */
export async function cruiseTree(
  baseDir: string = repoRoot,
  extra: ICruiseOptions = {},
): Promise<ICruiseResult> {
  const options = await extractDepcruiseOptions(configFile);
  const tsConfig = extractTSConfig(join(repoRoot, 'tsconfig.json'));
  const reported = await cruise(
    ['src'],
    {
      ...options,
      tsConfig: { fileName: join(repoRoot, 'tsconfig.json') },
      baseDir,
      outputType: 'json',
      ...extra,
    },
    {},
    { tsConfig },
  );
  const output = reported.output;
  return typeof output === 'string' ? (JSON.parse(output) as ICruiseResult) : output;
}

/** The violations of a cruise, one line each, as `npm run lint:layers` prints them. */
export function describeViolations(violations: readonly IViolation[]): string[] {
  return violations.map((violation) => {
    const path = violation.cycle?.length ? violation.cycle.map((hop) => hop.name).join(' -> ') : violation.to;
    return `${violation.rule.name}: ${violation.from} -> ${path}`;
  });
}
