import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildManifests, ManifestSchemaError, TEAMS_PACKAGE_NAME } from '../../scripts/manifest/index.js';
import { inputsFor } from './helpers.js';

const outDir = mkdtempSync(join(tmpdir(), 'defbot-manifest-build-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('buildManifests', () => {
  it('writes the same package bytes for the same inputs, so a rebuild is not a new app version', async () => {
    const first = await buildManifests(inputsFor(), join(outDir, 'a'));
    const second = await buildManifests(inputsFor(), join(outDir, 'b'));
    expect(first.teamsPackage.endsWith(TEAMS_PACKAGE_NAME)).toBe(true);
    expect(readFileSync(first.teamsPackage).equals(readFileSync(second.teamsPackage))).toBe(true);
    expect(readFileSync(first.slackManifest, 'utf8')).toBe(readFileSync(second.slackManifest, 'utf8'));
  });

  it('refuses to write a package the schema rejects, saying where', async () => {
    // A PUBLIC_URL host Teams cannot hold: validDomains entries are at most 2048 characters.
    const longHost = `${'a'.repeat(63)}.`.repeat(40) + 'example.com';
    const error = await buildManifests(inputsFor(`https://${longHost}`), join(outDir, 'c')).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ManifestSchemaError);
    expect((error as Error).message).toMatch(/validDomains/);
    expect(existsSync(join(outDir, 'c'))).toBe(false);
  });
});
