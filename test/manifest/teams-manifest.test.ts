import { describe, expect, it } from 'vitest';
import { buildTeamsManifest, validateTeamsManifest } from '../../scripts/manifest/index.js';
import { APP_ID, CLIENT_ID, inputsFor } from './helpers.js';

describe('Teams manifest', () => {
  it("matches Microsoft's JSON schema for its manifest version", async () => {
    const manifest = buildTeamsManifest(inputsFor(), '0.1.0');
    expect(manifest.manifestVersion).toBe('1.30');
    expect(manifest.$schema).toBe(
      'https://developer.microsoft.com/json-schemas/teams/v1.30/MicrosoftTeams.schema.json',
    );
    expect(await validateTeamsManifest(manifest)).toEqual([]);
  });

  it('is refused by the same validator when it breaks the schema', async () => {
    const manifest = buildTeamsManifest(inputsFor(), '0.1.0');
    const problems = await validateTeamsManifest({
      ...manifest,
      accentColor: 'blue',
      packageName: 'com.contoso.defbot',
    });
    expect(problems.some((problem) => problem.startsWith('/accentColor'))).toBe(true);
    // packageName left the schema in 1.17, so the template must not carry it.
    expect(problems.some((problem) => problem.includes('packageName'))).toBe(true);
  });

  it('fills the app and bot ids, the domain and the sign-in resource', () => {
    const manifest = buildTeamsManifest(inputsFor('https://defbot.contoso.com:8443/chat/'), '1.2.3');
    expect(manifest).toMatchObject({
      version: '1.2.3',
      id: APP_ID,
      developer: { name: 'defbot contributors', websiteUrl: 'https://defbot.contoso.com:8443/chat' },
      bots: [
        {
          botId: APP_ID,
          scopes: ['personal', 'team', 'groupChat'],
          supportsFiles: false,
          isNotificationOnly: false,
        },
      ],
      validDomains: ['defbot.contoso.com:8443'],
      webApplicationInfo: { id: APP_ID, resource: `api://defbot.contoso.com:8443/botid-${APP_ID}` },
      permissions: ['identity', 'messageTeamMembers'],
    });
    expect(JSON.stringify(manifest)).not.toContain('${');
  });

  it("signs in with AZURE_CLIENT_ID's app when it is given", async () => {
    const manifest = buildTeamsManifest(inputsFor('https://defbot.contoso.com', CLIENT_ID), '0.1.0');
    expect(manifest.webApplicationInfo).toEqual({
      id: CLIENT_ID,
      resource: `api://defbot.contoso.com/botid-${APP_ID}`,
    });
    expect(await validateTeamsManifest(manifest)).toEqual([]);
  });

  it('keeps its text within the lengths Teams shows', () => {
    const manifest = buildTeamsManifest(inputsFor(), '0.1.0');
    expect(manifest).toMatchObject({ name: { short: 'defbot' } });
    const description = manifest.description as { short: string; full: string };
    expect(description.short.length).toBeLessThanOrEqual(80);
    expect(description.full).toMatch(/Defender for Endpoint/);
  });
});
