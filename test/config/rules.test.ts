// Cross-field rules: each yields its own line naming the variable to change.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { problemAbout, problemsOf } from './helpers.js';

describe('Slack', () => {
  it('a signing secret without the bot token names SLACK_BOT_TOKEN and both ways out', () => {
    const line = problemAbout({ SLACK_SIGNING_SECRET: 'sig' }, 'SLACK_BOT_TOKEN');
    expect(line).toMatch(
      /^SLACK_BOT_TOKEN: missing — Slack needs both SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN/,
    );
    expect(line).toMatch(/unset SLACK_SIGNING_SECRET/);
  });

  it('a bot token without the signing secret names SLACK_SIGNING_SECRET', () => {
    expect(problemAbout({ SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_SIGNING_SECRET')).toMatch(
      /unset SLACK_BOT_TOKEN to turn Slack off/,
    );
  });

  it('SLACK_APP_TOKEN needs the Slack pair', () => {
    expect(problemAbout({ SLACK_APP_TOKEN: 'xapp-1' }, 'SLACK_APP_TOKEN')).toMatch(
      /SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN/,
    );
  });

  it('both set turns Slack on, with Socket Mode when the app token is set', () => {
    const config = loadConfig({
      SLACK_SIGNING_SECRET: 'sig',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-1',
    });
    expect(config.slack).toEqual({
      signingSecret: 'sig',
      botToken: 'xoxb-1',
      apiUrl: 'https://slack.com/api/',
      appToken: 'xapp-1',
    });
  });

  it('the Slack API base always ends in a slash', () => {
    const config = loadConfig({
      SLACK_SIGNING_SECRET: 'sig',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_API_URL: 'https://localhost:4443/api',
    });
    expect(config.slack?.apiUrl).toBe('https://localhost:4443/api/');
  });
});

describe('Teams', () => {
  it('TEAMS_ALLOW_UNAUTHENTICATED is refused on a non-loopback HOST', () => {
    expect(problemAbout({ TEAMS_ALLOW_UNAUTHENTICATED: 'true' }, 'TEAMS_ALLOW_UNAUTHENTICATED')).toMatch(
      /HOST is not a loopback address.*HOST=127\.0\.0\.1/,
    );
    expect(
      problemAbout({ TEAMS_ALLOW_UNAUTHENTICATED: 'true', HOST: '10.0.0.5' }, 'TEAMS_ALLOW_UNAUTHENTICATED'),
    ).toMatch(/loopback/);
  });

  it.each(['127.0.0.1', '127.9.9.9', '::1', 'localhost'])(
    'TEAMS_ALLOW_UNAUTHENTICATED is accepted on HOST=%s',
    (host) => {
      expect(loadConfig({ TEAMS_ALLOW_UNAUTHENTICATED: 'true', HOST: host }).teams.allowUnauthenticated).toBe(
        true,
      );
    },
  );

  it('TEAMS_ALLOW_UNAUTHENTICATED cannot be combined with MICROSOFT_APP_ID', () => {
    const env = {
      TEAMS_ALLOW_UNAUTHENTICATED: 'true',
      HOST: '127.0.0.1',
      MICROSOFT_APP_ID: 'app',
      MICROSOFT_APP_PASSWORD: 'pw',
    };
    expect(problemAbout(env, 'TEAMS_ALLOW_UNAUTHENTICATED')).toMatch(/MICROSOFT_APP_ID/);
  });

  it('SingleTenant needs MICROSOFT_APP_TENANT_ID', () => {
    const env = { MICROSOFT_APP_TYPE: 'SingleTenant', MICROSOFT_APP_ID: 'app', MICROSOFT_APP_PASSWORD: 'pw' };
    expect(problemAbout(env, 'MICROSOFT_APP_TENANT_ID')).toMatch(/SingleTenant/);
  });

  it('UserAssignedMSI needs MICROSOFT_APP_TENANT_ID', () => {
    expect(
      problemAbout(
        { MICROSOFT_APP_TYPE: 'UserAssignedMSI', MICROSOFT_APP_ID: 'app' },
        'MICROSOFT_APP_TENANT_ID',
      ),
    ).toMatch(/UserAssignedMSI/);
  });

  it('a non-default app type needs MICROSOFT_APP_ID', () => {
    expect(
      problemAbout({ MICROSOFT_APP_TYPE: 'SingleTenant', MICROSOFT_APP_TENANT_ID: 't' }, 'MICROSOFT_APP_ID'),
    ).toMatch(/needs the bot's app id/);
  });

  it('MICROSOFT_APP_ID needs MICROSOFT_APP_PASSWORD', () => {
    expect(problemAbout({ MICROSOFT_APP_ID: 'app' }, 'MICROSOFT_APP_PASSWORD')).toMatch(
      /^MICROSOFT_APP_PASSWORD: missing/,
    );
  });

  it('UserAssignedMSI needs no password, and refuses one', () => {
    const msi = {
      MICROSOFT_APP_TYPE: 'UserAssignedMSI',
      MICROSOFT_APP_ID: 'app',
      MICROSOFT_APP_TENANT_ID: 't',
    };
    expect(loadConfig(msi).teams).toEqual({
      appId: 'app',
      appPassword: undefined,
      appTenantId: 't',
      appType: 'UserAssignedMSI',
      allowUnauthenticated: false,
    });
    expect(problemAbout({ ...msi, MICROSOFT_APP_PASSWORD: 'pw' }, 'MICROSOFT_APP_PASSWORD')).toMatch(
      /must not be set/,
    );
  });

  it('a password or tenant without an app id is refused, since Teams auth would silently stay off', () => {
    expect(problemAbout({ MICROSOFT_APP_PASSWORD: 'pw' }, 'MICROSOFT_APP_ID')).toMatch(
      /would not be authenticated/,
    );
    expect(problemAbout({ MICROSOFT_APP_TENANT_ID: 't' }, 'MICROSOFT_APP_ID')).toMatch(
      /would not be authenticated/,
    );
  });

  it('a complete SingleTenant identity loads', () => {
    const env = {
      MICROSOFT_APP_TYPE: 'SingleTenant',
      MICROSOFT_APP_ID: 'app',
      MICROSOFT_APP_PASSWORD: 'pw',
      MICROSOFT_APP_TENANT_ID: 't',
    };
    expect(loadConfig(env).teams.appType).toBe('SingleTenant');
  });
});

describe('Azure app registration', () => {
  it('none at all leaves azure undefined', () => {
    expect(loadConfig({}).azure).toBeUndefined();
  });

  it('tenant, client and secret give a secret credential with the authority host', () => {
    const config = loadConfig({
      AZURE_TENANT_ID: 'tenant',
      AZURE_CLIENT_ID: 'client',
      AZURE_CLIENT_SECRET: 'shh',
    });
    expect(config.azure).toEqual({
      tenantId: 'tenant',
      clientId: 'client',
      credential: { kind: 'secret', clientSecret: 'shh' },
      authorityHost: 'https://login.microsoftonline.com',
    });
  });

  it('a partial set names each missing variable on its own line', () => {
    const problems = problemsOf({ AZURE_CLIENT_SECRET: 'shh' });
    expect(problems).toHaveLength(2);
    expect(problemAbout({ AZURE_CLIENT_SECRET: 'shh' }, 'AZURE_TENANT_ID')).toMatch(/missing/);
    expect(problemAbout({ AZURE_CLIENT_SECRET: 'shh' }, 'AZURE_CLIENT_ID')).toMatch(/missing/);
  });

  it('ids without a credential ask for the certificate (preferred) or the secret', () => {
    expect(
      problemAbout({ AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c' }, 'AZURE_CLIENT_CERTIFICATE_PATH'),
    ).toMatch(/preferred.*AZURE_CLIENT_SECRET/);
  });
});

describe('several problems', () => {
  it('are all reported by one boot, one line each', () => {
    const problems = problemsOf({
      SLACK_BOT_TOKEN: 'xoxb-1',
      MICROSOFT_APP_ID: 'app',
      AZURE_CLIENT_ID: 'c',
      PORT: 'eighty',
    });
    expect(problems.map((line) => line.slice(0, line.indexOf(':'))).sort()).toEqual([
      'AZURE_CLIENT_CERTIFICATE_PATH',
      'AZURE_TENANT_ID',
      'MICROSOFT_APP_PASSWORD',
      'PORT',
      'SLACK_SIGNING_SECRET',
    ]);
  });
});
