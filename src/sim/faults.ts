// Fault injection: the next N calls matching a pattern get a 429, 500 or 503, or no answer at all,
// so clients' retry, backoff and timeout paths can be tested against the real wire.
import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';

export type FaultKind = '429' | '500' | '503' | 'hang';

export interface FaultSpec {
  // A glob such as 'POST /api/machines/*/isolate' (method optional; * = one path segment, ** = any
  // depth), or a regular expression (a RegExp, or a string written /…/flags) tested against "METHOD /path".
  match: string | RegExp;
  kind: FaultKind;
  /** How many matching calls get the fault; default 1. */
  count?: number;
  /** Retry-After seconds on 429 (default 1) and 503 (sent only when set). */
  retryAfterSeconds?: number;
}

export interface ActiveFault {
  id: string;
  match: string;
  kind: FaultKind;
  remaining: number;
  retryAfterSeconds?: number;
}

const METHOD_PREFIX = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+/i;

function globToRegExp(glob: string): RegExp {
  const methodMatch = METHOD_PREFIX.exec(glob);
  const method = methodMatch?.[1]?.toUpperCase() ?? '[A-Z]+';
  const path = glob.slice(methodMatch?.[0].length ?? 0).trim();
  const body = path
    .split(/(\*\*|\*)/)
    .map((part) =>
      part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${method} ${body}$`, 'i');
}

export function toMatcher(match: string | RegExp): RegExp {
  if (match instanceof RegExp) return match;
  const literal = /^\/(.+)\/([a-z]*)$/.exec(match);
  if (literal?.[1] && !METHOD_PREFIX.test(match)) return new RegExp(literal[1], literal[2]);
  return globToRegExp(match);
}

/** The same call through the versioned base also matches an unversioned pattern. */
function targets(method: string, path: string): string[] {
  const unversioned = path.replace(/^\/api\/v1\.0(?=\/|$)/i, '/api');
  return unversioned === path ? [`${method} ${path}`] : [`${method} ${path}`, `${method} ${unversioned}`];
}

function errorBody(kind: FaultKind, isMdeApi: boolean, retryAfter: number | undefined): unknown {
  const target = randomUUID();
  if (!isMdeApi) {
    const error = kind === '429' ? 'temporarily_unavailable' : 'server_error';
    return {
      error,
      error_description: `AADSTS90033: A transient error has occurred. Please try again. Trace ID: ${target}`,
      error_codes: [90033],
      trace_id: target,
      correlation_id: randomUUID(),
    };
  }
  if (kind === '429') {
    return {
      error: {
        code: 'TooManyRequests',
        message: `Rate limit is exceeded. Try again in ${retryAfter ?? 1} seconds.`,
        target,
      },
    };
  }
  if (kind === '503')
    return {
      error: { code: 'ServiceUnavailable', message: 'The service is temporarily unavailable.', target },
    };
  return { error: { code: 'InternalServerError', message: 'An error has occurred.', target } };
}

export function createFaults() {
  let faults: (ActiveFault & { matcher: RegExp })[] = [];
  const hanging = new Set<Response>();

  function take(method: string, path: string): ActiveFault | undefined {
    const candidates = targets(method, path);
    const fault = faults.find((f) => candidates.some((t) => f.matcher.test(t)));
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) faults = faults.filter((f) => f !== fault);
    return fault;
  }

  function answer(fault: ActiveFault, req: Request, res: Response): void {
    res.locals.simFault = fault.kind;
    if (fault.kind === 'hang') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    const isMdeApi = /^\/api(\/|$)/i.test(req.path) || /^\/api(\/|$)/i.test(req.originalUrl);
    const retryAfter = fault.kind === '429' ? (fault.retryAfterSeconds ?? 1) : fault.retryAfterSeconds;
    if (retryAfter !== undefined && fault.kind !== '500') res.set('Retry-After', String(retryAfter));
    res.status(Number(fault.kind)).json(errorBody(fault.kind, isMdeApi, retryAfter));
  }

  const middleware: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    const fault = take(req.method, new URL(req.originalUrl, 'https://sim.invalid').pathname);
    if (!fault) return next();
    // Parse the body anyway, so the call log shows what the client sent to the faulted call.
    express.json({ type: () => true })(req, res, () => answer(fault, req, res));
  };

  return {
    middleware,
    inject(spec: FaultSpec): ActiveFault {
      const fault = {
        id: randomUUID(),
        match: String(spec.match),
        kind: spec.kind,
        remaining: Math.max(1, spec.count ?? 1),
        matcher: toMatcher(spec.match),
        ...(spec.retryAfterSeconds !== undefined ? { retryAfterSeconds: spec.retryAfterSeconds } : {}),
      };
      faults.push(fault);
      return publicView(fault);
    },
    list: (): ActiveFault[] => faults.map(publicView),
    clear(): void {
      faults = [];
    },
    /** Ends every request held by a `hang` fault (on close, or when a test wants them gone). */
    releaseHanging(): void {
      for (const res of hanging) res.socket?.destroy();
      hanging.clear();
    },
  };
}

function publicView(fault: ActiveFault): ActiveFault {
  const view: ActiveFault = {
    id: fault.id,
    match: fault.match,
    kind: fault.kind,
    remaining: fault.remaining,
  };
  if (fault.retryAfterSeconds !== undefined) view.retryAfterSeconds = fault.retryAfterSeconds;
  return view;
}

export type Faults = ReturnType<typeof createFaults>;
