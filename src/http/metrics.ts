// Prometheus scrape endpoint for the process registry, optionally behind a bearer token (METRICS_TOKEN).
import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import type { Registry } from 'prom-client';

export interface MetricsRouteOptions {
  /** When set, /metrics answers only requests carrying `Authorization: Bearer <token>`. */
  token?: string | undefined;
}

/** The credentials of an `Authorization: Bearer …` header (scheme case-insensitive, RFC 7235), if any. */
function bearerOf(header: string | undefined): string | undefined {
  const match = /^bearer +(\S+) *$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * Compares digests rather than the strings: timingSafeEqual needs equal lengths, and comparing the
 * strings' lengths first would tell a prober how long the token is.
 */
function sameSecret(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/** 401 with a Bearer challenge unless the request carries the token. Nothing is logged: the header is a secret. */
function requireBearer(token: string): RequestHandler {
  return (req, res, next) => {
    const presented = bearerOf(req.headers.authorization);
    if (presented !== undefined && sameSecret(presented, token)) return next();
    res.setHeader('WWW-Authenticate', 'Bearer');
    res.status(401).json({ error: 'unauthorized' });
  };
}

export function metricsRoutes(registry: Registry, options: MetricsRouteOptions = {}): Router {
  const router = Router();
  const guard: RequestHandler[] = options.token === undefined ? [] : [requireBearer(options.token)];
  router.get('/metrics', ...guard, async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}
