// The Teams app manifest: the template filled from the inputs, checked against Microsoft's own JSON
// schema for its manifestVersion (shipped in @microsoft/app-manifest, read locally, never fetched).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import appManifest, { type AppManifest } from '@microsoft/app-manifest';
import { buildCommandLists } from './commands.js';
import type { ManifestInputs } from './inputs.js';
import { fillTemplate, type TemplateValue } from './template.js';

export const TEAMS_TEMPLATE = new URL('../../manifest/teams/manifest.template.json', import.meta.url);
export const TEAMS_ICONS = {
  'color.png': new URL('../../manifest/teams/color.png', import.meta.url),
  'outline.png': new URL('../../manifest/teams/outline.png', import.meta.url),
} as const;

type Schema = Parameters<typeof appManifest.AppManifestUtils.validateAgainstSchema>[1];

export function buildTeamsManifest(
  inputs: ManifestInputs,
  appVersion: string,
): Record<string, TemplateValue> {
  const template: unknown = JSON.parse(readFileSync(TEAMS_TEMPLATE, 'utf8'));
  const filled = fillTemplate(template, {
    APP_VERSION: appVersion,
    MICROSOFT_APP_ID: inputs.appId,
    SIGN_IN_CLIENT_ID: inputs.signInClientId,
    PUBLIC_URL: inputs.publicUrl,
    PUBLIC_HOST: inputs.publicHost,
    COMMAND_LISTS: buildCommandLists().map((list) => ({ scopes: list.scopes, commands: list.commands })),
  });
  if (!filled || typeof filled !== 'object' || Array.isArray(filled))
    throw new Error('the Teams template is not a JSON object');
  return filled;
}

/** The official schema of one manifest version, e.g. "1.30". */
export function loadTeamsSchema(manifestVersion: string): Schema {
  const packageMain = createRequire(import.meta.url).resolve('@microsoft/app-manifest');
  const file = join(
    dirname(packageMain),
    'json-schemas',
    'teams',
    `v${manifestVersion}`,
    'MicrosoftTeams.schema.json',
  );
  // A few of Microsoft's regexes hold `\a` and `\v`, which JSON.parse rejects; the library's own
  // loader rewrites them the same way.
  const text = readFileSync(file, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b');
  return JSON.parse(text) as Schema;
}

/** Schema problems as "<path> <message>" lines; empty when the manifest is valid. */
export async function validateTeamsManifest(manifest: Record<string, TemplateValue>): Promise<string[]> {
  const version = manifest.manifestVersion;
  if (typeof version !== 'string') return ['/manifestVersion is missing'];
  const schema = loadTeamsSchema(version);
  return appManifest.AppManifestUtils.validateAgainstSchema(manifest as unknown as AppManifest, schema);
}
