// The unauthenticated Teams mode stays a local tool: each request must come from a loopback peer,
// name a loopback Host and carry no proxy headers (a tunnel or reverse proxy in front would make the
// bot public), and the serviceUrl the bot would call back must be loopback too (no SSRF by activity).
import type { IncomingHttpHeaders } from 'node:http';
import type { Request, RequestHandler } from 'express';
import { isLoopbackHost } from '../../config/net.js';
import { createLogLimiter, type Clock, type Logger } from '../../core/index.js';

export type NonLocalReason = 'peer' | 'host' | 'forwarded' | 'serviceUrl';

/** Headers a proxy or tunnel adds; Forwarded and X-Forwarded-* are the standard ones. */
const PROXY_HEADERS = new Set(['forwarded', 'x-real-ip', 'via']);

/** A Host header: a name or IPv4 address, or a bracketed IPv6 address, and an optional port. */
const HOST_HEADER = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::\d{1,5})?$/;

/** The hostname part of a Host header; undefined when it is missing or not a plain host[:port]. */
export function hostnameOf(host: string | undefined): string | undefined {
  return host === undefined ? undefined : HOST_HEADER.exec(host)?.[1];
}

function hasProxyHeader(headers: IncomingHttpHeaders): boolean {
  return Object.keys(headers).some((name) => name.startsWith('x-forwarded-') || PROXY_HEADERS.has(name));
}

/** Why a request is not plainly local, from its socket and headers only (the body is not read yet). */
export function nonLocalReason(req: Pick<Request, 'socket' | 'headers'>): NonLocalReason | undefined {
  const peer = req.socket.remoteAddress;
  if (peer === undefined || !isLoopbackHost(peer)) return 'peer';
  if (hasProxyHeader(req.headers)) return 'forwarded';
  const hostname = hostnameOf(req.headers.host);
  if (hostname === undefined || !isLoopbackHost(hostname)) return 'host';
  return undefined;
}

/** An http(s) URL on a loopback host, with no credentials in it. */
export function isLoopbackServiceUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.username === '' &&
    url.password === '' &&
    isLoopbackHost(url.hostname)
  );
}

export interface LocalOnlyGuard {
  /** Express middleware before the body parser: 401 for anything not plainly local. */
  requests: RequestHandler;
  /** Records a refusal the route made after reading the activity (its serviceUrl). */
  refused(reason: NonLocalReason): void;
}

export function createLocalOnlyGuard(options: { logger: Logger; clock: Clock }): LocalOnlyGuard {
  // Someone exposing the demo port could send many; one line per reason per minute says enough.
  const limiter = createLogLimiter({ windowMs: 60_000, maxKeys: 8, clock: options.clock });
  const refused = (reason: NonLocalReason) => {
    const decision = limiter.check(reason);
    if (decision.log) {
      options.logger.warn(
        { reason, suppressedSinceLastLine: decision.suppressed },
        'teams request refused: unauthenticated mode accepts only local requests with a local serviceUrl',
      );
    }
  };
  return {
    refused,
    requests: (req, res, next) => {
      const reason = nonLocalReason(req);
      if (reason === undefined) return next();
      refused(reason);
      res.status(401).json({ error: 'unauthorized' });
    },
  };
}
