// Builds both app manifests into one output folder: the Teams package zip and the Slack YAML.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { ManifestInputs } from './inputs.js';
import { buildSlackManifest } from './slack.js';
import { TEAMS_ICONS, buildTeamsManifest, validateTeamsManifest } from './teams.js';
import { writeZip } from './zip.js';

export const TEAMS_PACKAGE_NAME = 'defbot-teams.zip';
export const SLACK_MANIFEST_NAME = 'slack-manifest.yaml';

export class ManifestSchemaError extends Error {
  override name = 'ManifestSchemaError';
}

function packageVersion(): string {
  const raw: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  return z.object({ version: z.string().min(1) }).parse(raw).version;
}

/** Writes `<outDir>/defbot-teams.zip` and `<outDir>/slack-manifest.yaml`; returns their paths. */
export async function buildManifests(
  inputs: ManifestInputs,
  outDir: string,
): Promise<{ teamsPackage: string; slackManifest: string }> {
  const teams = buildTeamsManifest(inputs, packageVersion());
  const problems = await validateTeamsManifest(teams);
  if (problems.length > 0) {
    const version = typeof teams.manifestVersion === 'string' ? teams.manifestVersion : '(none)';
    throw new ManifestSchemaError(
      `the Teams manifest does not match the schema of manifest version ${version}:\n${problems.join('\n')}`,
    );
  }
  const slack = buildSlackManifest(inputs);

  mkdirSync(outDir, { recursive: true });
  const teamsPackage = join(outDir, TEAMS_PACKAGE_NAME);
  await writeZip(teamsPackage, {
    'manifest.json': Buffer.from(`${JSON.stringify(teams, null, 2)}\n`),
    'color.png': readFileSync(TEAMS_ICONS['color.png']),
    'outline.png': readFileSync(TEAMS_ICONS['outline.png']),
  });
  const slackManifest = join(outDir, SLACK_MANIFEST_NAME);
  writeFileSync(slackManifest, slack);
  return { teamsPackage, slackManifest };
}
