// Microsoft Graph advanced hunting: POST /v1.0/security/runHuntingQuery {Query, Timespan?}. The
// answer is Graph's (camelCase `schema`/`results`), over the same tables and KQL subset as the MDE
// endpoint; errors come in Graph's envelope. Throttling: the call budget (at least 45 per minute per
// tenant) and the tenant's CPU quota, both 429 with Retry-After.
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { buildTables } from '../mde/hunting/tables.js';
import { KqlError, runKql } from '../mde/hunting/kql.js';
import { MdeError } from '../mde/errors.js';
import { SlidingWindowLimiter } from '../mde/rate-limit.js';
import { canSeeGroup, scopeNames, type Caller } from '../mde/permissions.js';
import type { MdeSimControl } from '../mde/index.js';
import {
  TokenRejected,
  type RateWindow,
  type SimApp,
  type SimClock,
  type SimUser,
  type VerifyAccessToken,
} from '../types.js';

export const THREAT_HUNTING_PERMISSION = 'ThreatHunting.Read.All';

/** What the simulator remembers of one hunting call (tests assert the exact query text). */
export interface HuntingCall {
  at: string;
  appId: string;
  /** Delegated calls: the user's UPN. */
  user?: string;
  query: string;
  timespan?: string;
  status: number;
}

export interface GraphHuntingControl {
  calls(): HuntingCall[];
  clear(): void;
  /** The tenant's CPU allocation is used up until this instant (a 15-minute cycle on Graph). */
  exhaustCpuUntil(epochMs: number): void;
}

export interface GraphHuntingOptions {
  clock: SimClock;
  verify: VerifyAccessToken;
  apps: ReadonlyMap<string, SimApp>;
  users: ReadonlyMap<string, SimUser>;
  mde: MdeSimControl;
  tenantId: string;
  limits: readonly RateWindow[];
}

export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

const body = z.union([
  z.object({ Query: z.string().trim().min(1), Timespan: z.string().optional() }),
  z.object({ query: z.string().trim().min(1), timespan: z.string().optional() }),
]);

export function graphHunting(options: GraphHuntingOptions): { router: Router; control: GraphHuntingControl } {
  const limiter = new SlidingWindowLimiter(options.clock);
  const calls: HuntingCall[] = [];
  let cpuUntil = 0;
  const router = express.Router({ caseSensitive: false });

  router.post('/security/runHuntingQuery', express.json({ limit: '1mb' }), async (req, res) => {
    const caller = await callerOf(options, req.headers.authorization);
    const parsed = body.safeParse(req.body);
    if (!parsed.success) throw new GraphError(400, 'BadRequest', "The request body must hold 'Query'.");
    const query = 'Query' in parsed.data ? parsed.data.Query : parsed.data.query;
    const timespan = 'Query' in parsed.data ? parsed.data.Timespan : parsed.data.timespan;
    const record: HuntingCall = {
      at: new Date(options.clock.now()).toISOString(),
      appId: caller.appId,
      ...(caller.kind === 'user' ? { user: caller.requestor } : {}),
      query,
      ...(timespan ? { timespan } : {}),
      status: 0,
    };
    calls.push(record);
    try {
      requirePermission(caller);
      throttle(options, limiter, cpuUntil);
      const result = run(options, caller, query);
      record.status = 200;
      res.status(200).json({
        '@odata.context':
          'https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.security.huntingQueryResults',
        schema: result.Schema.map((column) => ({ name: column.Name, type: column.Type })),
        results: result.Results,
      });
    } catch (error) {
      if (error instanceof GraphError) record.status = error.status;
      throw error;
    }
  });
  router.use(graphErrorHandler);

  return {
    router,
    control: {
      calls: () => calls.map((call) => ({ ...call })),
      clear: () => {
        calls.length = 0;
        cpuUntil = 0;
        limiter.clear();
      },
      exhaustCpuUntil: (epochMs) => {
        cpuUntil = epochMs;
      },
    },
  };
}

async function callerOf(options: GraphHuntingOptions, header: string | undefined): Promise<Caller> {
  let claims;
  try {
    claims = await options.verify(header);
  } catch (error) {
    if (!(error instanceof TokenRejected)) throw error;
    throw new GraphError(error.status, 'InvalidAuthenticationToken', error.message);
  }
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
  const app = options.apps.get(claims.appid.toLowerCase());
  return {
    kind: 'application',
    appId: claims.appid,
    requestor: app?.displayName ?? claims.appid,
    roles: claims.roles ?? [],
  };
}

/** ThreatHunting.Read.All as an application role (app tokens) or a delegated scope (user tokens). */
function requirePermission(caller: Caller): void {
  const held = caller.kind === 'application' ? caller.roles : caller.scopes;
  if (held.includes(THREAT_HUNTING_PERMISSION)) return;
  const kind = caller.kind === 'application' ? 'application permission' : 'delegated permission';
  throw new GraphError(
    403,
    'Forbidden',
    `Missing ${kind} ${THREAT_HUNTING_PERMISSION}: the caller may not run hunting queries.`,
  );
}

function throttle(options: GraphHuntingOptions, limiter: SlidingWindowLimiter, cpuUntil: number): void {
  const now = options.clock.now();
  if (cpuUntil > now) {
    const seconds = Math.ceil((cpuUntil - now) / 1000);
    throw new GraphError(
      429,
      'TooManyRequests',
      `Tenant exceeded the CPU quota allotted for advanced hunting queries. Queries are blocked until the next 15-minute cycle; try again in ${seconds} seconds.`,
      { 'Retry-After': String(seconds) },
    );
  }
  try {
    limiter.take(`graph-hunting|${options.tenantId}`, options.limits);
  } catch (error) {
    if (!(error instanceof MdeError)) throw error;
    throw new GraphError(
      429,
      'TooManyRequests',
      'Too many advanced hunting requests for this tenant. Retry after the time in Retry-After.',
      { ...error.headers },
    );
  }
}

function run(options: GraphHuntingOptions, caller: Caller, query: string) {
  const machines = options.mde.listMachines().filter((m) => canSeeGroup(caller, m.rbacGroupName));
  const visible = new Set(machines.map((m) => m.id));
  const alerts = options.mde.listAlerts().filter((a) => visible.has(a.machineId));
  try {
    return runKql(query, buildTables(machines, alerts), options.clock.now());
  } catch (error) {
    if (error instanceof KqlError)
      throw new GraphError(400, 'BadRequest', `${error.message}. Fix semantic errors in your query.`);
    throw error;
  }
}

function graphErrorHandler(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(error);
  const known = error instanceof GraphError;
  const status = known ? error.status : 500;
  if (known) for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  res.status(status).json({
    error: {
      code: known ? error.code : 'UnknownError',
      message: known ? error.message : '',
      innerError: {
        date: new Date().toISOString(),
        'request-id': randomUUID(),
        'client-request-id': randomUUID(),
      },
    },
  });
}
