import { describe, expect, it } from 'vitest';
import { ENV_DEFAULTS, loadConfig } from '../../src/config/index.js';

describe('loadConfig defaults', () => {
  it('applies every documented default when the environment is empty', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      role: 'all',
      host: '0.0.0.0',
      port: 3978,
      redisUrl: 'redis://127.0.0.1:6379',
      queuePrefix: 'defbot',
      azure: undefined,
      defenderApiUrl: 'https://api.security.microsoft.com',
      defenderScope: 'https://api.securitycenter.microsoft.com/.default',
      graphApiUrl: 'https://graph.microsoft.com',
      graphScope: 'https://graph.microsoft.com/.default',
      hunts: [],
      huntsFile: undefined,
      slack: undefined,
      teams: {
        appId: undefined,
        appPassword: undefined,
        appTenantId: undefined,
        appType: 'MultiTenant',
        allowUnauthenticated: false,
        allowedTenants: [],
      },
      rbacFile: undefined,
      publicUrl: undefined,
      alertPollSeconds: 60,
      alertDigestThreshold: 10,
      tokenEncryptionKey: undefined,
      logLevel: 'info',
      metrics: { port: undefined, token: undefined },
      commandRatePerMinute: 30,
    });
  });

  it('exposes the defaults table of DESIGN.md section 3 verbatim', () => {
    expect(ENV_DEFAULTS).toEqual({
      REDIS_URL: 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: 'defbot',
      AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.com',
      DEFENDER_API_URL: 'https://api.security.microsoft.com',
      DEFENDER_SCOPE: 'https://api.securitycenter.microsoft.com/.default',
      SLACK_API_URL: 'https://slack.com/api/',
      GRAPH_API_URL: 'https://graph.microsoft.com',
      GRAPH_SCOPE: 'https://graph.microsoft.com/.default',
      MICROSOFT_APP_TYPE: 'MultiTenant',
      TEAMS_ALLOW_UNAUTHENTICATED: 'false',
      ALERT_POLL_SECONDS: '60',
      ALERT_DIGEST_THRESHOLD: '10',
      LOG_LEVEL: 'info',
      PORT: '3978',
      HOST: '0.0.0.0',
      ROLE: 'all',
      COMMAND_RATE_PER_MINUTE: '30',
    });
  });

  it('without RBAC_FILE nobody has any role, and approvals keep their defaults', () => {
    const { rbac } = loadConfig({});
    expect(rbac.roles).toEqual({ viewer: [], responder: [], approver: [], admin: [] });
    expect(rbac.userContext).toBe('optional');
    // No list: every verb the command registry declares approvable waits for an approval.
    expect(rbac.approvals).toEqual({ ttlMinutes: 60 });
  });

  it('treats empty and blank variables as unset', () => {
    const config = loadConfig({ PORT: '', HOST: '   ', SLACK_SIGNING_SECRET: '', SLACK_BOT_TOKEN: ' ' });
    expect(config.port).toBe(3978);
    expect(config.host).toBe('0.0.0.0');
    expect(config.slack).toBeUndefined();
  });

  it('returns a deeply frozen result', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.teams)).toBe(true);
    expect(Object.isFrozen(config.rbac.roles.viewer)).toBe(true);
    // No RBAC file: no list, so every verb the registry declares approvable waits for an approval.
    expect(config.rbac.approvals.actions).toBeUndefined();
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(() => (config.rbac.roles.admin as string[]).push('slack:*')).toThrow(TypeError);
  });
});
