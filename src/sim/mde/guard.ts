// Per-route gate run before every handler: token check, per-app per-API rate budget, permission check.
import type { Request, RequestHandler } from 'express';
import type { AccessTokenClaims, MdeApiOptions, SimRateLimits } from '../types.js';
import { TokenRejected } from '../types.js';
import type { MdeContext } from './context.js';
import { MdeError } from './errors.js';
import { LIVE_RESPONSE_LIMITS } from './live-response.js';
import { authorize, scopeNames, type Caller, type Operation } from './permissions.js';

export interface RouteSpec {
  /** Name of the API for its own rate budget, e.g. "isolate", "machines list". */
  api: string;
  family: keyof SimRateLimits;
  operation: Operation;
}

const callers = new WeakMap<Request, Caller>();

export function guard(context: MdeContext, spec: RouteSpec): RequestHandler {
  return async (req, _res, next) => {
    const claims = await verify(context.options, req.headers.authorization);
    const caller = callerFrom(context.options, claims);
    context.limiter.take(
      `${claims.appid.toLowerCase()}|${spec.api}`,
      context.options.rateLimits[spec.family] ?? LIVE_RESPONSE_LIMITS,
    );
    authorize(caller, spec.operation);
    callers.set(req, caller);
    next();
  };
}

/** The caller that guard() admitted for this request. */
export function callerOf(req: Request): Caller {
  const caller = callers.get(req);
  if (caller === undefined) throw new Error('Route handler ran without guard()');
  return caller;
}

async function verify(options: MdeApiOptions, header: string | undefined): Promise<AccessTokenClaims> {
  try {
    return await options.verifyAccessToken(header);
  } catch (error) {
    if (!(error instanceof TokenRejected)) throw error;
    const code = error.status === 403 ? 'Forbidden' : 'Unauthorized';
    throw new MdeError(error.status, code, error.message);
  }
}

function callerFrom(options: MdeApiOptions, claims: AccessTokenClaims): Caller {
  if (typeof claims.scp === 'string' && claims.scp.trim() !== '') {
    const user = options.users.get(claims.oid);
    return {
      kind: 'user',
      appId: claims.appid,
      requestor: claims.upn ?? user?.upn ?? claims.oid,
      scopes: scopeNames(claims.scp),
      user,
    };
  }
  // Client ids are GUIDs; the directory may key them in either case.
  const app = options.apps.get(claims.appid) ?? options.apps.get(claims.appid.toLowerCase());
  return {
    kind: 'application',
    appId: claims.appid,
    requestor: app?.displayName ?? claims.appid,
    roles: claims.roles ?? [],
  };
}
