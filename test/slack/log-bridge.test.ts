// Bolt's and the Web API client's log lines reach our logger with Slack credentials masked.
import { describe, expect, it } from 'vitest';
import { createBoltLogger, maskSlackSecrets } from '../../src/chat/slack/index.js';
import { captureLog } from './harness.js';

describe('Slack SDK log bridge', () => {
  it('masks configured secrets and anything shaped like a Slack token', () => {
    const log = captureLog();
    const bolt = createBoltLogger(log.logger, ['signing-secret-123456']);
    bolt.warn('verify failed with', 'signing-secret-123456', { token: 'xoxb-999-888-abcdef' });
    bolt.error('app token xapp-1-A0-123-zz and user token xoxp-1-2-3');
    const text = log.text();
    expect(text).toContain('verify failed with');
    expect(text).not.toMatch(/signing-secret-123456|xoxb-999|xapp-1|xoxp-1/);
    expect(text.match(/\[Redacted\]/g)?.length).toBeGreaterThanOrEqual(4);
  });

  it('follows our logger level and ignores Bolt asking to change it', () => {
    const log = captureLog('warn');
    const bolt = createBoltLogger(log.logger, []);
    bolt.setLevel(bolt.getLevel());
    bolt.info('quiet');
    bolt.warn('loud');
    expect(bolt.getLevel()).toBe('warn');
    expect(log.text()).not.toContain('quiet');
    expect(log.text()).toContain('loud');
  });

  it('leaves ordinary text alone', () => {
    expect(maskSlackSecrets('user U0ALICE clicked approve', ['short'])).toBe('user U0ALICE clicked approve');
  });
});
