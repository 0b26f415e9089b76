// Cross-field rules: each yields its own line naming the variable to change.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { problemAbout, problemsOf } from './helpers.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

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
      expect(
        loadConfig({ TEAMS_ALLOW_UNAUTHENTICATED: 'true', HOST: host, TEAMS_ALLOWED_TENANTS: TENANT }).teams
          .allowUnauthenticated,
      ).toBe(true);
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
      MICROSOFT_APP_TENANT_ID: TENANT,
    };
    expect(loadConfig(msi).teams).toEqual({
      appId: 'app',
      appPassword: undefined,
      appTenantId: TENANT,
      appType: 'UserAssignedMSI',
      allowUnauthenticated: false,
      allowedTenants: [TENANT],
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
      MICROSOFT_APP_TENANT_ID: TENANT,
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
      'TEAMS_ALLOWED_TENANTS',
    ]);
  });
});

describe('tenant and workspace boundaries', () => {
  it('Teams defaults to the bot app tenant, else the Entra app registration tenant', () => {
    const bot = { MICROSOFT_APP_ID: 'app', MICROSOFT_APP_PASSWORD: 'pw' };
    expect(
      loadConfig({
        ...bot,
        MICROSOFT_APP_TENANT_ID: TENANT.toUpperCase(),
        AZURE_TENANT_ID: '11111111-2222-4333-8444-555555555555',
        AZURE_CLIENT_ID: 'c',
        AZURE_CLIENT_SECRET: 's',
      }).teams.allowedTenants,
    ).toEqual([TENANT]);
    expect(
      loadConfig({ ...bot, AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: 'c', AZURE_CLIENT_SECRET: 's' }).teams
        .allowedTenants,
    ).toEqual([TENANT]);
  });

  it('Teams on with no tenant to allow is refused at start, naming TEAMS_ALLOWED_TENANTS', () => {
    expect(
      problemAbout({ MICROSOFT_APP_ID: 'app', MICROSOFT_APP_PASSWORD: 'pw' }, 'TEAMS_ALLOWED_TENANTS'),
    ).toMatch(/no tenant may use it/);
    // A primary domain is a valid AZURE_TENANT_ID for tokens, but activities carry the GUID.
    expect(
      problemAbout(
        {
          TEAMS_ALLOW_UNAUTHENTICATED: 'true',
          HOST: '127.0.0.1',
          AZURE_TENANT_ID: 'contoso.onmicrosoft.com',
          AZURE_CLIENT_ID: 'c',
          AZURE_CLIENT_SECRET: 's',
        },
        'TEAMS_ALLOWED_TENANTS',
      ),
    ).toMatch(/set TEAMS_ALLOWED_TENANTS/);
  });

  it.each(['contoso.com', 'common', `${TENANT},organizations`, ' , '])(
    'TEAMS_ALLOWED_TENANTS=%j is refused unless every entry is a GUID',
    (value) => {
      expect(problemAbout({ TEAMS_ALLOWED_TENANTS: value }, 'TEAMS_ALLOWED_TENANTS')).toMatch(/GUIDs/);
    },
  );

  it('a trailing comma in TEAMS_ALLOWED_TENANTS is harmless', () => {
    expect(loadConfig({ TEAMS_ALLOWED_TENANTS: `${TENANT},` }).teams.allowedTenants).toEqual([TENANT]);
  });

  it('SLACK_ALLOWED_TEAMS takes T and E ids and nothing else', () => {
    expect(
      loadConfig({
        SLACK_SIGNING_SECRET: 's',
        SLACK_BOT_TOKEN: 'xoxb-1',
        SLACK_ALLOWED_TEAMS: 'T024BE7LD, E0AKF8ZGP,T024BE7LD',
      }).slack?.allowedTeams,
    ).toEqual(['T024BE7LD', 'E0AKF8ZGP']);
    expect(
      loadConfig({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1' }).slack?.allowedTeams,
    ).toBeUndefined();
    expect(problemAbout({ SLACK_ALLOWED_TEAMS: 'U024BE7LH' }, 'SLACK_ALLOWED_TEAMS')).toMatch(
      /team ids \(T…\)/,
    );
  });
});

describe('metrics and command rate', () => {
  it('METRICS_PORT must differ from PORT, METRICS_TOKEN must be long enough', () => {
    expect(problemAbout({ METRICS_PORT: '3978' }, 'METRICS_PORT')).toMatch(/must differ from PORT/);
    expect(problemAbout({ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN')).toMatch(/16 to 512/);
  });

  it('COMMAND_RATE_PER_MINUTE is a positive whole number', () => {
    expect(problemAbout({ COMMAND_RATE_PER_MINUTE: '0' }, 'COMMAND_RATE_PER_MINUTE')).toMatch(
      /whole number from 1/,
    );
    expect(loadConfig({ COMMAND_RATE_PER_MINUTE: '5' }).commandRatePerMinute).toBe(5);
  });
});
