// Problem lines must never repeat a secret value, whatever is wrong with it.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { problemsOf } from './helpers.js';

const SECRETS = {
  SLACK_SIGNING_SECRET: 'sig-9f8e7d6c5b4a3210 with space',
  SLACK_BOT_TOKEN: 'xoxp-1234567890-NOT-A-BOT-TOKEN',
  SLACK_APP_TOKEN: 'xapp-1-SECRETAPPTOKEN',
  AZURE_CLIENT_SECRET: 'azure~client~secret~value',
  MICROSOFT_APP_PASSWORD: 'teams-app-password-value',
  TOKEN_ENCRYPTION_KEY: 'c2hvcnQta2V5LXZhbHVl',
  REDIS_URL: 'http://:redis-password-value@cache:6379',
};

describe('secrets in problem lines', () => {
  it('no secret value appears in any problem or in the error message', () => {
    const env = { ...SECRETS, MICROSOFT_APP_TYPE: 'UserAssignedMSI' };
    let error: unknown;
    try {
      loadConfig(env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = `${(error as ConfigError).message}\n${(error as ConfigError).problems.join('\n')}`;
    expect((error as ConfigError).problems.length).toBeGreaterThanOrEqual(5);
    for (const [name, value] of Object.entries(SECRETS)) {
      expect(text, name).not.toContain(value);
      expect(text, name).not.toContain(value.slice(6, 18));
    }
  });

  it('a bad value of a secret-bearing variable is described, not quoted', () => {
    const [line] = problemsOf({ SLACK_SIGNING_SECRET: 'ok', SLACK_BOT_TOKEN: 'xoxp-secret-user-token' });
    expect(line).toBe("SLACK_BOT_TOKEN: must be the app's bot token (it starts with xoxb-)");
  });
});
