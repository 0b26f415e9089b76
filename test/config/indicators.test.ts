// RBAC `neverBlock` and `indicators.expireDays`: valid entries load parsed, a bad entry is a start-up
// error naming it; the bot's own upstream hosts come from its configuration.
import { afterAll, describe, expect, it } from 'vitest';
import { indicatorSettings, loadConfig, upstreamHosts } from '../../src/config/index.js';
import { problemsOf, tempDir } from './helpers.js';

const files = tempDir();
afterAll(() => files.remove());
const write = (yaml: string) => files.write(`rbac-${Math.random().toString(36).slice(2)}.yaml`, yaml);

describe('neverBlock and indicators in the RBAC file', () => {
  it('loads every kind of entry and the expiry', () => {
    const config = loadConfig({
      RBAC_FILE: write(
        `roles: {}\nneverBlock: ["contoso.com", "10.0.0.0/8", "2001:db8::/32", "198.51.100.7", "${'A'.repeat(64)}"]\nindicators:\n  expireDays: 7\n`,
      ),
    });
    expect(config.rbac.neverBlock?.map((entry) => [entry.kind, entry.entry])).toEqual([
      ['domain', 'contoso.com'],
      ['address', '10.0.0.0/8'],
      ['address', '2001:db8::/32'],
      ['address', '198.51.100.7'],
      ['hash', 'A'.repeat(64)],
    ]);
    expect(indicatorSettings(config).expireDays).toBe(7);
  });

  it('defaults: no neverBlock entries and 30 days', () => {
    const config = loadConfig({ RBAC_FILE: write('roles: {}\n') });
    expect(indicatorSettings(config)).toMatchObject({ neverBlock: [], expireDays: 30 });
    expect(loadConfig({ RBAC_FILE: write('roles: {}\nindicators: {}\n') }).rbac.indicators).toEqual({
      expireDays: 30,
    });
  });

  it('a bad entry, a bad expiry and an unknown key are start-up errors naming them', () => {
    const problems = problemsOf({
      RBAC_FILE: write(
        'roles: {}\nneverBlock: ["contoso.com", "*.evil.example", "10.0.0.0/40", "not a host"]\nindicators:\n  expireDays: 0\n  expiryDays: 3\n',
      ),
    });
    const text = problems.join('\n');
    expect(text).toMatch(/neverBlock\[1\]: "\*\.evil\.example" is a wildcard/);
    expect(text).toMatch(/neverBlock\[2\]: "10\.0\.0\.0\/40" has an invalid prefix length/);
    expect(text).toMatch(/neverBlock\[3\]: "not a host" is not a domain, IP address, CIDR range/);
    expect(text).toMatch(
      /indicators: unknown key|indicators\.expiryDays: unknown key — did you mean expireDays/,
    );
    expect(problemsOf({ RBAC_FILE: write('roles: {}\nindicators:\n  expireDays: 400\n') }).join()).toMatch(
      /indicators\.expireDays: must be from 1 to 365 days/,
    );
  });
});

describe('upstream hosts', () => {
  it('names the hosts of DEFENDER_API_URL, AZURE_AUTHORITY_HOST, GRAPH_API_URL, SLACK_API_URL and Bot Framework', () => {
    const config = loadConfig({
      DEFENDER_API_URL: 'https://eu.api.security.microsoft.com',
      GRAPH_API_URL: 'https://graph.microsoft.us',
      AZURE_TENANT_ID: '3f5c2b8e-7a41-4d6f-9b0e-5c8d1a2e4f60',
      AZURE_CLIENT_ID: '8b1e6c3a-2d4f-4a7b-9c5e-1f0a3b6d8e21',
      AZURE_CLIENT_SECRET: 'x',
      AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us',
    });
    expect(upstreamHosts(config)).toEqual(
      expect.arrayContaining([
        'eu.api.security.microsoft.com',
        'api.securitycenter.microsoft.com',
        'login.microsoftonline.us',
        'graph.microsoft.us',
        'slack.com',
        'api.botframework.com',
        'login.botframework.com',
        'smba.trafficmanager.net',
      ]),
    );
  });
});
