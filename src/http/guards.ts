// Request hygiene shared by every route. There is deliberately no global body parser: Slack's
// Bolt verifies its signature over the raw body, so readers are installed per route (jsonBody,
// rawBodyWithin), each counting the bytes it actually reads against the one limit.
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import type { Logger } from '../core/index.js';

/** Largest request body any route accepts; chat payloads are a few kilobytes. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** A JSON body parser with a size limit, for routes that need one (Teams: /api/messages). */
export function jsonBody(limitBytes: number = MAX_BODY_BYTES): RequestHandler {
  return express.json({ limit: limitBytes });
}

/**
 * Reads the body as bytes through the size limit, whatever its content type and whether or not it
 * declares a Content-Length (chunked bodies too), and keeps it as `req.rawBody` (a Buffer) for a
 * handler that checks a signature over the exact bytes: Bolt's ExpressReceiver reuses `req.rawBody`.
 * Over the limit -> 413 from errorHandler, before the handler (and its signature check) runs.
 */
export function rawBodyWithin(limitBytes: number = MAX_BODY_BYTES): RequestHandler[] {
  // No inflating: the limit counts the bytes on the wire, and Slack does not compress requests.
  const read = express.raw({ type: () => true, limit: limitBytes, inflate: false });
  const keep: RequestHandler = (req, _res, next) => {
    const body: unknown = req.body;
    if (Buffer.isBuffer(body)) Object.assign(req, { rawBody: body, body: undefined });
    next();
  };
  return [read, keep];
}

/** Refuses a declared oversized body before anyone reads it, without consuming the stream. */
export function rejectOversizedBodies(limitBytes: number = MAX_BODY_BYTES): RequestHandler {
  return (req, res, next) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limitBytes) {
      res.status(413).json({ error: 'payload_too_large' });
      return;
    }
    next();
  };
}

export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  next();
};

export const notFound: RequestHandler = (_req, res) => {
  res.status(404).json({ error: 'not_found' });
};

function clientErrorStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/** Last handler: client errors (e.g. 413 from a parser) keep their status; anything else is a 500 without details. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const status = clientErrorStatus(error);
    if (status === undefined)
      logger.error({ err: error, method: req.method, path: req.path }, 'request failed');
    if (res.headersSent) return;
    res.status(status ?? 500).json({
      error: status === undefined ? 'internal_error' : status === 413 ? 'payload_too_large' : 'bad_request',
    });
  };
}
