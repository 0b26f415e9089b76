// One case per single-variable rule: the problem line names the variable and says what to set.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { KEY_32, problemAbout, problemsOf } from './helpers.js';

describe('single-variable rules', () => {
  const invalid: [string, NodeJS.ProcessEnv, RegExp][] = [
    ['REDIS_URL', { REDIS_URL: 'http://127.0.0.1:6379' }, /redis:\/\/ or rediss:\/\//],
    ['QUEUE_PREFIX', { QUEUE_PREFIX: 'def bot' }, /whitespace/],
    ['QUEUE_PREFIX', { QUEUE_PREFIX: '{defbot' }, /hash tag/],
    [
      'AZURE_TENANT_ID',
      { AZURE_TENANT_ID: 'common', AZURE_CLIENT_ID: 'c', AZURE_CLIENT_SECRET: 's' },
      /tenant id/,
    ],
    ['AZURE_AUTHORITY_HOST', { AZURE_AUTHORITY_HOST: 'http://127.0.0.1:8443' }, /https:\/\//],
    ['DEFENDER_API_URL', { DEFENDER_API_URL: 'http://localhost:9443' }, /https:\/\//],
    ['DEFENDER_API_URL', { DEFENDER_API_URL: 'not a url' }, /https:\/\//],
    ['DEFENDER_SCOPE', { DEFENDER_SCOPE: 'Machine.Read.All' }, /\/\.default/],
    [
      'SLACK_API_URL',
      { SLACK_API_URL: 'http://slack.example.com/api/' },
      /http:\/\/ is accepted only for localhost/,
    ],
    ['SLACK_BOT_TOKEN', { SLACK_SIGNING_SECRET: 'sig', SLACK_BOT_TOKEN: 'xoxp-user-token' }, /xoxb-/],
    [
      'SLACK_APP_TOKEN',
      { SLACK_SIGNING_SECRET: 'sig', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-2' },
      /xapp-/,
    ],
    ['MICROSOFT_APP_TYPE', { MICROSOFT_APP_TYPE: 'Multi' }, /MultiTenant, SingleTenant, UserAssignedMSI/],
    ['TEAMS_ALLOW_UNAUTHENTICATED', { TEAMS_ALLOW_UNAUTHENTICATED: 'yes please' }, /true or false/],
    ['PUBLIC_URL', { PUBLIC_URL: 'http://bot.contoso.com' }, /https:\/\//],
    ['PUBLIC_URL', { PUBLIC_URL: 'https://user:pw@bot.contoso.com' }, /without credentials/],
    ['ALERT_POLL_SECONDS', { ALERT_POLL_SECONDS: '4' }, /from 5 to 86400/],
    ['ALERT_POLL_SECONDS', { ALERT_POLL_SECONDS: '1.5' }, /whole number/],
    ['ALERT_DIGEST_THRESHOLD', { ALERT_DIGEST_THRESHOLD: '0' }, /from 1 to 1000/],
    [
      'TOKEN_ENCRYPTION_KEY',
      { TOKEN_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') },
      /exactly 32 bytes \(it decodes to 16\)/,
    ],
    ['TOKEN_ENCRYPTION_KEY', { TOKEN_ENCRYPTION_KEY: 'not*base64!' }, /base64/],
    ['LOG_LEVEL', { LOG_LEVEL: 'verbose' }, /fatal, error, warn, info, debug, trace, silent/],
    ['PORT', { PORT: '70000' }, /from 0 to 65535/],
    ['PORT', { PORT: '-1' }, /whole number/],
    ['HOST', { HOST: 'bad host name' }, /IP address or host name/],
    ['ROLE', { ROLE: 'both' }, /web, worker, all/],
  ];

  it.each(invalid)('%s: refuses %j', (variable, env, fix) => {
    expect(problemAbout(env, variable)).toMatch(fix);
  });

  it('accepts the values those rules allow', () => {
    const config = loadConfig({
      REDIS_URL: 'rediss://cache.contoso.com:6380/2',
      QUEUE_PREFIX: '{defbot}:prod',
      SLACK_API_URL: 'http://127.0.0.1:4000/api',
      PUBLIC_URL: 'http://[::1]:3978/',
      DEFENDER_API_URL: 'https://api-eu.securitycenter.microsoft.com/',
      AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us/',
      TEAMS_ALLOW_UNAUTHENTICATED: 'FALSE',
      ALERT_POLL_SECONDS: '5',
      PORT: '0',
      LOG_LEVEL: 'silent',
      ROLE: 'worker',
      TOKEN_ENCRYPTION_KEY: KEY_32,
    });
    expect(config.queuePrefix).toBe('{defbot}:prod');
    expect(config.publicUrl).toBe('http://[::1]:3978');
    expect(config.defenderApiUrl).toBe('https://api-eu.securitycenter.microsoft.com');
    expect(config.slack).toBeUndefined();
    expect(config.tokenEncryptionKey?.equals(Buffer.alloc(32, 7))).toBe(true);
    expect(config.alertPollSeconds).toBe(5);
    expect(config.port).toBe(0);
    expect(config.role).toBe('worker');
  });

  it('accepts a url-safe base64 key of 32 bytes', () => {
    const urlSafe = Buffer.alloc(32, 0xfb).toString('base64url');
    expect(
      loadConfig({ TOKEN_ENCRYPTION_KEY: urlSafe }).tokenEncryptionKey?.equals(Buffer.alloc(32, 0xfb)),
    ).toBe(true);
  });

  it('collects every problem before failing instead of stopping at the first', () => {
    const problems = problemsOf({ PORT: 'x', ROLE: 'y', LOG_LEVEL: 'z', SLACK_SIGNING_SECRET: 'sig' });
    expect(problems.map((line) => line.slice(0, line.indexOf(':'))).sort()).toEqual([
      'LOG_LEVEL',
      'PORT',
      'ROLE',
      'SLACK_BOT_TOKEN',
    ]);
    expect(problems).toHaveLength(4);
  });
});
