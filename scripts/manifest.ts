// `npm run manifest`: reads MICROSOFT_APP_ID, PUBLIC_URL and optionally AZURE_CLIENT_ID, then writes
// dist/manifest/defbot-teams.zip (sideload into Teams) and dist/manifest/slack-manifest.yaml.
// MANIFEST_OUT_DIR overrides the output folder (tests use a temporary one).
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ManifestInputError,
  ManifestSchemaError,
  buildManifests,
  readManifestInputs,
} from './manifest/index.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export interface ManifestOutput {
  info(line: string): void;
  error(line: string): void;
}

/** Returns the process exit code: 0 when both files were written, 1 on bad inputs or schema errors. */
export async function runManifest(
  env: NodeJS.ProcessEnv,
  output: ManifestOutput = { info: console.log, error: console.error },
): Promise<number> {
  try {
    const inputs = readManifestInputs(env);
    const outDir = resolve(repoRoot, env.MANIFEST_OUT_DIR || 'dist/manifest');
    const written = await buildManifests(inputs, outDir);
    output.info(`Teams app package: ${written.teamsPackage}`);
    output.info(`Slack app manifest: ${written.slackManifest}`);
    return 0;
  } catch (error) {
    if (error instanceof ManifestInputError || error instanceof ManifestSchemaError) {
      output.error(`manifest: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

// Run only as a script, so tests can import runManifest without side effects.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await runManifest(process.env);
}
