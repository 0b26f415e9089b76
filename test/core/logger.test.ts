import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, scrubText } from '../../src/core/logger.js';
import { BotError, asBotError } from '../../src/core/errors.js';

function capture() {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { logger: createLogger({ level: 'debug', destination: stream }), text: () => chunks.join('') };
}

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlc2lnbmF0dXJl';

describe('logger redaction', () => {
  it('censors credential-named fields at any depth', () => {
    const { logger, text } = capture();
    logger.info(
      {
        headers: { authorization: `Bearer ${JWT}` },
        token: 'xoxb-123-secret',
        nested: { clientSecret: 's3cr3t-value', access_token: 'at-value', refresh_token: 'rt-value' },
      },
      'calling',
    );
    const out = text();
    for (const secret of [JWT, 'xoxb-123-secret', 's3cr3t-value', 'at-value', 'rt-value'])
      expect(out).not.toContain(secret);
    expect(out).toContain('[Redacted]');
    expect(out).toContain('calling');
  });

  it('masks bearer tokens and JWTs inside free text and error messages', () => {
    const { logger, text } = capture();
    logger.warn(`request failed with header Bearer ${JWT}`);
    logger.error({ err: new Error(`upstream echoed ${JWT}`) }, 'boom');
    const out = text();
    expect(out).not.toContain(JWT);
    expect(out).toContain('Bearer [Redacted]');
    expect(scrubText(`x ${JWT} y`)).toBe('x [Redacted] y');
  });
});

describe('BotError', () => {
  it('keeps code, user message and retry hint, and wraps unknown errors as INTERNAL', () => {
    const error = new BotError('THROTTLED', 'slow down', { retryAfterMs: 5000, cause: new Error('429') });
    expect(error.code).toBe('THROTTLED');
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(5000);
    expect(asBotError(error)).toBe(error);
    const wrapped = asBotError(new TypeError('x is undefined'));
    expect(wrapped.code).toBe('INTERNAL');
    expect(wrapped.retryable).toBe(false);
    expect(wrapped.userMessage).not.toContain('x is undefined');
  });
});
