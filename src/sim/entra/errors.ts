// Entra ID's OAuth error envelope (AADSTS codes), so clients see the same shapes as from the real service.
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'invalid_scope'
  | 'invalid_resource'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'access_denied'
  | 'server_error';

export class EntraError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    /** The AADSTS number, e.g. 7000215. */
    readonly aadsts: number,
    message: string,
    readonly status: 400 | 401 | 500 = error === 'invalid_client'
      ? 401
      : error === 'server_error'
        ? 500
        : 400,
    readonly suberror?: string,
  ) {
    super(`AADSTS${aadsts}: ${message}`);
  }
}

function entraTimestamp(date: Date): string {
  return date
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
}

export interface EntraErrorBody {
  error: OAuthErrorCode;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
  suberror?: string;
}

export function entraErrorBody(
  err: EntraError,
  correlationId: string | undefined,
  baseUrl: string,
): EntraErrorBody {
  const traceId = randomUUID();
  const correlation = correlationId ?? randomUUID();
  const timestamp = entraTimestamp(new Date());
  return {
    error: err.error,
    error_description: `${err.message} Trace ID: ${traceId} Correlation ID: ${correlation} Timestamp: ${timestamp}`,
    error_codes: [err.aadsts],
    timestamp,
    trace_id: traceId,
    correlation_id: correlation,
    error_uri: `${baseUrl}/error?code=${err.aadsts}`,
    ...(err.suberror ? { suberror: err.suberror } : {}),
  };
}

/** Answers with the envelope; the correlation id echoes `client-request-id` as Entra does. */
export function sendEntraError(res: Response, err: EntraError, baseUrl: string): void {
  const correlationId = res.req.get('client-request-id');
  res
    .status(err.status)
    .set('Cache-Control', 'no-store')
    .json(entraErrorBody(err, correlationId, baseUrl));
}
