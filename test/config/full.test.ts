// A complete production-like configuration loads into the documented Config shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, loadHuntsFile } from '../../src/config/index.js';
import { KEY_32, selfSignedPem, tempDir } from './helpers.js';

const files = tempDir();
let certificatePath = '';
let rbacPath = '';

beforeAll(async () => {
  const { certPem, keyPem } = await selfSignedPem();
  certificatePath = files.write('bot.pem', `${keyPem}${certPem}`);
  rbacPath = files.write(
    'rbac.yaml',
    'roles:\n  viewer: ["slack:*", "teams:*"]\n  approver: ["email:lead@contoso.com"]\nuserContext: required\n',
  );
});
afterAll(() => files.remove());

describe('a valid full configuration', () => {
  it('maps every variable into Config', () => {
    const config = loadConfig({
      ROLE: 'web',
      HOST: '::',
      PORT: '8080',
      REDIS_URL: 'rediss://:pw@redis.contoso.com:6380',
      QUEUE_PREFIX: '{defbot}',
      AZURE_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      AZURE_CLIENT_ID: '11111111-2222-3333-4444-555555555555',
      AZURE_CLIENT_CERTIFICATE_PATH: certificatePath,
      AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us',
      DEFENDER_API_URL: 'https://api-gov.securitycenter.microsoft.us',
      DEFENDER_SCOPE: 'https://api-gov.securitycenter.microsoft.us/.default',
      SLACK_SIGNING_SECRET: 'signing',
      SLACK_BOT_TOKEN: 'xoxb-bot',
      SLACK_API_URL: 'https://slack.com/api/',
      MICROSOFT_APP_ID: 'bot-app-id',
      MICROSOFT_APP_PASSWORD: 'bot-app-password',
      MICROSOFT_APP_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      MICROSOFT_APP_TYPE: 'SingleTenant',
      RBAC_FILE: rbacPath,
      PUBLIC_URL: 'https://defbot.contoso.com/',
      ALERT_POLL_SECONDS: '30',
      ALERT_DIGEST_THRESHOLD: '25',
      TOKEN_ENCRYPTION_KEY: KEY_32,
      LOG_LEVEL: 'debug',
      TEAMS_ALLOWED_TENANTS: '72F988BF-86F1-41AF-91AB-2D7CD011DB47, 0d1e2f3a-0000-4000-8000-00000000aa01',
      SLACK_ALLOWED_TEAMS: 'T024BE7LD,E0AKF8ZGP',
      METRICS_PORT: '9464',
      METRICS_TOKEN: 'scrape-token-0123456789abcdef',
      COMMAND_RATE_PER_MINUTE: '12',
      GRAPH_API_URL: 'https://graph.microsoft.us',
      GRAPH_SCOPE: 'https://graph.microsoft.us/.default',
      HUNTS_FILE: 'hunts.example.yaml',
    });
    expect(config).toEqual({
      role: 'web',
      host: '::',
      port: 8080,
      redisUrl: 'rediss://:pw@redis.contoso.com:6380',
      queuePrefix: '{defbot}',
      azure: {
        tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
        clientId: '11111111-2222-3333-4444-555555555555',
        credential: { kind: 'certificate', certificatePath },
        authorityHost: 'https://login.microsoftonline.us',
      },
      defenderApiUrl: 'https://api-gov.securitycenter.microsoft.us',
      defenderScope: 'https://api-gov.securitycenter.microsoft.us/.default',
      graphApiUrl: 'https://graph.microsoft.us',
      graphScope: 'https://graph.microsoft.us/.default',
      hunts: loadHuntsFile('hunts.example.yaml').hunts,
      huntsFile: 'hunts.example.yaml',
      slack: {
        signingSecret: 'signing',
        botToken: 'xoxb-bot',
        apiUrl: 'https://slack.com/api/',
        appToken: undefined,
        allowedTeams: ['T024BE7LD', 'E0AKF8ZGP'],
      },
      teams: {
        appId: 'bot-app-id',
        appPassword: 'bot-app-password',
        appTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
        appType: 'SingleTenant',
        allowUnauthenticated: false,
        allowedTenants: ['72f988bf-86f1-41af-91ab-2d7cd011db47', '0d1e2f3a-0000-4000-8000-00000000aa01'],
      },
      rbac: {
        roles: {
          viewer: ['slack:*', 'teams:*'],
          responder: [],
          approver: ['email:lead@contoso.com'],
          admin: [],
        },
        userContext: 'required',
        approvals: { ttlMinutes: 60 },
      },
      rbacFile: rbacPath,
      publicUrl: 'https://defbot.contoso.com',
      alertPollSeconds: 30,
      alertDigestThreshold: 25,
      tokenEncryptionKey: Buffer.alloc(32, 7),
      logLevel: 'debug',
      metrics: { port: 9464, token: 'scrape-token-0123456789abcdef' },
      commandRatePerMinute: 12,
    });
  });
});
