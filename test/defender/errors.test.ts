import { describe, expect, it } from 'vitest';
import { ENDPOINTS } from '../../src/defender/endpoints.js';
import { mapMdeFailure, parseRetryAfterMs } from '../../src/defender/errors.js';

const envelope = (code: string, message: string) => ({ error: { code, message, target: 'abc' } });

describe('MDE error mapping', () => {
  it('maps 429 to THROTTLED with the Retry-After time', () => {
    const error = mapMdeFailure({
      status: 429,
      body: envelope('TooManyRequests', 'quota'),
      retryAfterHeader: '17',
      endpoint: ENDPOINTS.isolate,
      context: 'app',
    });
    expect(error.code).toBe('THROTTLED');
    expect(error.retryAfterMs).toBe(17_000);
    expect(error.userMessage).toContain('17 s');
    expect(error.retryable).toBe(true);
  });

  it('reads Retry-After as seconds or an HTTP date, defaulting to a minute', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfterMs('2', now)).toBe(2000);
    expect(parseRetryAfterMs('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfterMs(null, now)).toBe(60_000);
    expect(parseRetryAfterMs('garbage', now)).toBe(60_000);
  });

  it('maps 5xx to TRANSIENT and 404 to NOT_FOUND with MDE’s message', () => {
    const transient = mapMdeFailure({
      status: 503,
      body: undefined,
      retryAfterHeader: null,
      endpoint: ENDPOINTS.getMachine,
      context: 'app',
    });
    expect(transient.code).toBe('TRANSIENT');
    const missing = mapMdeFailure({
      status: 404,
      body: envelope('ResourceNotFound', 'Machine 123 was not found'),
      retryAfterHeader: null,
      endpoint: ENDPOINTS.getMachine,
      context: 'app',
    });
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.userMessage).toBe('Machine 123 was not found');
  });

  it('names the missing application permission on 403', () => {
    const fromMessage = mapMdeFailure({
      status: 403,
      body: envelope('Forbidden', 'Missing application permission Machine.Isolate'),
      retryAfterHeader: null,
      endpoint: ENDPOINTS.isolate,
      context: 'app',
    });
    expect(fromMessage.code).toBe('FORBIDDEN');
    expect(fromMessage.userMessage).toContain('Machine.Isolate');
    const fromEndpoint = mapMdeFailure({
      status: 403,
      body: 'nope',
      retryAfterHeader: null,
      endpoint: ENDPOINTS.runAntiVirusScan,
      context: 'app',
    });
    expect(fromEndpoint.userMessage).toContain('Machine.Scan');
    const user = mapMdeFailure({
      status: 403,
      body: undefined,
      retryAfterHeader: null,
      endpoint: ENDPOINTS.isolate,
      context: 'user',
    });
    expect(user.userMessage).toContain('Active remediation actions');
  });

  it('recognises ActiveRequestAlreadyExists and other 400s', () => {
    const active = mapMdeFailure({
      status: 400,
      body: envelope('ActiveRequestAlreadyExists', 'Action is already in progress'),
      retryAfterHeader: null,
      endpoint: ENDPOINTS.isolate,
      context: 'app',
    });
    expect(active.code).toBe('ACTIVE_REQUEST_EXISTS');
    const invalid = mapMdeFailure({
      status: 400,
      body: envelope('InvalidInput', 'Invalid input IsolationType'),
      retryAfterHeader: null,
      endpoint: ENDPOINTS.isolate,
      context: 'app',
    });
    expect(invalid.code).toBe('INVALID_INPUT');
    expect(invalid.retryable).toBe(false);
  });
});
