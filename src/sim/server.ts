// Starts the local MDE + Entra ID simulator on HTTPS: Entra endpoints at /{tenant}/..., the MDE API
// at /api and /api/v1.0 (behind the call log and fault injection), Microsoft Graph advanced hunting at
// /v1.0/security/runHuntingQuery, the control API at /_sim.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { callLogMiddleware, createCallLog, type CallRecord } from './calllog.js';
import { controlRouter } from './control.js';
import {
  createEntra,
  defaultApps,
  defaultUsers,
  DEFAULT_TENANT_ID,
  type IssueTokenSpec,
  type TokenRequestRecord,
} from './entra/index.js';
import { createFaults, type ActiveFault, type FaultSpec } from './faults.js';
import { graphHunting, type GraphHuntingControl } from './graph/hunting.js';
import { createMdeApi, type MdeSimControl } from './mde/index.js';
import { ensureCertificates } from './tls.js';
import type {
  ActionLifecycle,
  SimApp,
  SimClock,
  SimRateLimits,
  SimUser,
  VerifyAccessToken,
} from './types.js';

export interface SimulatorOptions {
  /** Default 0 (any free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Where the CA and server certificate live; default $SIM_CERT_DIR or ./.sim. */
  certDir?: string;
  tenantId?: string;
  /** Clock of the MDE half: action lifecycle, rate windows, timestamps. Default: wall clock. */
  clock?: SimClock;
  /**
   * Clock tokens are issued and checked by. Default: wall clock, because MSAL caches tokens by the
   * wall clock; driving MDE time forward must not make the tokens MSAL holds look expired.
   */
  tokenClock?: SimClock;
  /** Access-token lifetime in seconds; default 3600. Below 300, MSAL refreshes on every silent call. */
  accessTokenLifetimeSeconds?: number;
  /** Seed a realistic tenant; default true. */
  seed?: boolean;
  rateLimits?: Partial<SimRateLimits>;
  lifecycle?: Partial<ActionLifecycle>;
  /** Replace the default app registration(s). */
  apps?: SimApp[];
  /** Replace the default users. */
  users?: SimUser[];
}

export interface Simulator {
  /** https://127.0.0.1:PORT, no trailing slash. */
  url: string;
  /** AZURE_AUTHORITY_HOST for the bot (= url). */
  authorityHost: string;
  /** DEFENDER_API_URL for the bot (= url). */
  defenderApiUrl: string;
  tenantId: string;
  /** The CA certificate to trust (NODE_EXTRA_CA_CERTS). */
  caPath: string;
  /** Keyed by lower-case client id. */
  apps: Map<string, SimApp>;
  /** Keyed by oid. */
  users: Map<string, SimUser>;
  addApp(app: SimApp): void;
  addUser(user: SimUser): void;
  /** The user /authorize signs in without a login_hint (UPN or oid). */
  setDefaultUser(upnOrOid: string): void;
  /** MdeControl plus simulator extras (page size, machine isolation state). */
  mde: MdeSimControl;
  /** Microsoft Graph advanced hunting: the queries received, the tenant's CPU quota. */
  graph: GraphHuntingControl;
  /** GRAPH_API_URL for the bot (= url). */
  graphApiUrl: string;
  verifyAccessToken: VerifyAccessToken;
  injectFault(spec: FaultSpec): ActiveFault;
  faults(): ActiveFault[];
  clearFaults(): void;
  calls(): CallRecord[];
  clearCalls(): void;
  tokenRequests(): TokenRequestRecord[];
  clearTokenRequests(): void;
  /** Mints a token without a token request (expired, other audience, OBO input...). */
  issueToken(spec: IssueTokenSpec): Promise<string>;
  /** Resets MDE data (seeded unless seed=false), logs, faults, codes and refresh tokens. */
  reset(seed?: boolean): void;
  close(): Promise<void>;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
export const DEFAULT_RATE_LIMITS: SimRateLimits = {
  standard: [
    { limit: 100, windowMs: MINUTE },
    { limit: 1500, windowMs: HOUR },
  ],
  packageUri: [
    { limit: 2, windowMs: MINUTE },
    { limit: 120, windowMs: HOUR },
  ],
  hunting: [
    { limit: 45, windowMs: MINUTE },
    { limit: 1500, windowMs: HOUR },
  ],
};
export const DEFAULT_LIFECYCLE: ActionLifecycle = { pendingMs: 1000, inProgressMs: 2000 };

const systemClock: SimClock = { now: () => Date.now() };

function normalizeApp(app: SimApp): SimApp {
  return { ...app, clientId: app.clientId.toLowerCase() };
}

function publicUrlFor(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `https://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? '127.0.0.1';
  const tenantId = options.tenantId ?? DEFAULT_TENANT_ID;
  const clock = options.clock ?? systemClock;
  const certs = await ensureCertificates(
    options.certDir ?? process.env.SIM_CERT_DIR ?? join(process.cwd(), '.sim'),
  );
  const apps = new Map((options.apps ?? defaultApps()).map(normalizeApp).map((a) => [a.clientId, a]));
  const users = new Map((options.users ?? defaultUsers()).map((u) => [u.oid, u]));
  let url = '';
  const baseUrl = () => url;

  const entra = await createEntra({
    tenantId,
    apps,
    users,
    clock: options.tokenClock ?? systemClock,
    baseUrl,
    ...(options.accessTokenLifetimeSeconds !== undefined
      ? { accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds }
      : {}),
  });
  const mdeApi = createMdeApi({
    clock,
    tenantId,
    verifyAccessToken: entra.verifyAccessToken,
    users,
    apps,
    rateLimits: { ...DEFAULT_RATE_LIMITS, ...options.rateLimits },
    lifecycle: { ...DEFAULT_LIFECYCLE, ...options.lifecycle },
    publicUrl: baseUrl,
    seed: options.seed ?? true,
  });
  const callLog = createCallLog();
  const faults = createFaults();
  const graph = graphHunting({
    clock,
    verify: entra.verifyGraphAccessToken,
    apps,
    users,
    mde: mdeApi.control,
    tenantId,
    limits: (options.rateLimits ?? DEFAULT_RATE_LIMITS).hunting ?? DEFAULT_RATE_LIMITS.hunting,
  });

  const simulator: Simulator = {
    get url() {
      return url;
    },
    get authorityHost() {
      return url;
    },
    get defenderApiUrl() {
      return url;
    },
    get graphApiUrl() {
      return url;
    },
    tenantId,
    caPath: certs.caPath,
    apps,
    users,
    addApp: (app) => void apps.set(app.clientId.toLowerCase(), normalizeApp(app)),
    addUser: (user) => void users.set(user.oid, user),
    setDefaultUser: (upnOrOid) => entra.setDefaultUser(upnOrOid),
    mde: mdeApi.control,
    graph: graph.control,
    verifyAccessToken: entra.verifyAccessToken,
    injectFault: (spec) => faults.inject(spec),
    faults: () => faults.list(),
    clearFaults: () => faults.clear(),
    calls: () => callLog.list(),
    clearCalls: () => callLog.clear(),
    tokenRequests: () => entra.tokenRequests(),
    clearTokenRequests: () => entra.clearTokenRequests(),
    issueToken: (spec) => entra.issueToken(spec),
    reset(seed) {
      mdeApi.control.reset(seed ?? true);
      callLog.clear();
      entra.clearTokenRequests();
      entra.clearGrants();
      graph.control.clear();
      faults.clear();
    },
    close: async () => {
      faults.releaseHanging();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };

  const app = express();
  app.disable('x-powered-by');
  app.use(
    '/_sim',
    controlRouter(() => simulator),
  );
  app.use('/api', callLogMiddleware(callLog, entra.verifyAccessToken));
  app.use(faults.middleware);
  app.use('/api/v1.0', mdeApi.router);
  app.use('/api', mdeApi.router);
  app.use('/v1.0', graph.router);
  app.use(entra.router);
  app.use((req: Request, res: Response) => {
    res.status(404).json({
      error: {
        code: 'NotFound',
        message: `No simulator route for ${req.method} ${req.path}`,
        target: randomUUID(),
      },
    });
  });
  app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return;
    res
      .status(500)
      .json({ error: { code: 'InternalServerError', message: err.message, target: randomUUID() } });
  });

  const server = createServer({ cert: certs.certPem, key: certs.keyPem }, app);
  const port = await listen(server, options.port ?? 0, host);
  url = publicUrlFor(host, port);
  return simulator;
}
