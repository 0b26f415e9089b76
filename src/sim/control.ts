// The simulator's control API (JSON under /_sim): seed and reset data, add alerts and machines, list
// indicators, drive machine actions, inject faults, read the call and token-request logs. Loopback use only.
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { CallRecord } from './calllog.js';
import type { IssueTokenSpec, TokenRequestRecord } from './entra/index.js';
import type { ActiveFault, FaultSpec } from './faults.js';
import type { MdeSimControl } from './mde/index.js';
import type { SimAlert, SimApp, SimMachine, SimMachineAction, SimUser } from './types.js';

/** What the control API drives; the Simulator object satisfies it. */
export interface ControlTarget {
  url: string;
  tenantId: string;
  apps: ReadonlyMap<string, SimApp>;
  users: ReadonlyMap<string, SimUser>;
  mde: MdeSimControl;
  addUser(user: SimUser): void;
  setDefaultUser(upnOrOid: string): void;
  injectFault(spec: FaultSpec): ActiveFault;
  faults(): ActiveFault[];
  clearFaults(): void;
  calls(): CallRecord[];
  clearCalls(): void;
  tokenRequests(): TokenRequestRecord[];
  clearTokenRequests(): void;
  issueToken(spec: IssueTokenSpec): Promise<string>;
  reset(seed?: boolean): void;
}

const ActionStatus = z.enum(['Pending', 'InProgress', 'Succeeded', 'Failed', 'TimeOut', 'Cancelled']);
const Severity = z.enum(['UnSpecified', 'Informational', 'Low', 'Medium', 'High']);
const MachineInput = z.looseObject({ computerDnsName: z.string().min(1) });
const AlertInput = z.looseObject({ title: z.string().min(1), severity: Severity });
const FaultInput = z.object({
  match: z.string().min(1),
  kind: z.enum(['429', '500', '503', 'hang']),
  count: z.number().int().positive().optional(),
  retryAfterSeconds: z.number().int().nonnegative().optional(),
});
const UserInput = z.object({
  oid: z.uuid(),
  upn: z.string().min(3),
  displayName: z.string().min(1),
  mdeRoles: z.array(
    z.enum([
      'ViewData',
      'ActiveRemediationActions',
      'AlertsInvestigation',
      'LiveResponseBasic',
      'LiveResponseAdvanced',
    ]),
  ),
  deviceGroups: z.union([z.literal('*'), z.array(z.string())]),
});
const TokenInput = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('app'),
    clientId: z.string().optional(),
    audience: z.string().optional(),
    roles: z.array(z.string()).optional(),
    lifetimeSeconds: z.number().int().optional(),
  }),
  z.object({
    kind: z.literal('user'),
    clientId: z.string().optional(),
    user: z.string().optional(),
    audience: z.string().optional(),
    scopes: z.array(z.string()).optional(),
    lifetimeSeconds: z.number().int().optional(),
    version: z.enum(['1.0', '2.0']).optional(),
  }),
]);

/** Apps as the control API shows them: never the secret or the certificate itself. */
function publicApp(app: SimApp) {
  const { secret, certificatePem, ...rest } = app;
  return { ...rest, hasSecret: secret !== undefined, hasCertificate: certificatePem !== undefined };
}

type Handler = (req: Request, res: Response) => unknown;

/** Runs a handler; zod failures answer 400, a thrown Error (e.g. unknown id) 404. */
function safe(handler: Handler) {
  return async (req: Request, res: Response, _next: NextFunction) => {
    try {
      const result = await handler(req, res);
      if (!res.headersSent) res.json(result ?? { ok: true });
    } catch (err) {
      if (err instanceof z.ZodError) res.status(400).json({ error: 'invalid request', issues: err.issues });
      else res.status(404).json({ error: (err as Error).message });
    }
  };
}

export function controlRouter(target: () => ControlTarget): Router {
  const router = Router();
  router.use(express.json());
  const sim = target;
  const id = (req: Request) => String(req.params.id);

  router.get(
    '/health',
    safe(() => ({ ok: true, url: sim().url, tenantId: sim().tenantId })),
  );
  router.post(
    '/reset',
    safe((req) => sim().reset(z.object({ seed: z.boolean().optional() }).parse(req.body ?? {}).seed)),
  );
  router.post(
    '/seed',
    safe(() => sim().reset(true)),
  );

  router.get(
    '/machines',
    safe(() => sim().mde.listMachines()),
  );
  router.post(
    '/machines',
    safe((req, res) =>
      res
        .status(201)
        .json(
          sim().mde.addMachine(
            MachineInput.parse(req.body) as Partial<SimMachine> & { computerDnsName: string },
          ),
        ),
    ),
  );
  router.get(
    '/machines/:id/state',
    safe((req) => sim().mde.machineState(id(req))),
  );
  router.post(
    '/page-size',
    safe((req) =>
      sim().mde.setPageSize(z.object({ size: z.number().int().positive() }).parse(req.body).size),
    ),
  );
  router.get(
    '/alerts',
    safe(() => sim().mde.listAlerts()),
  );
  router.post(
    '/alerts',
    safe((req, res) =>
      res
        .status(201)
        .json(
          sim().mde.addAlert(
            AlertInput.parse(req.body) as Partial<SimAlert> & Pick<SimAlert, 'title' | 'severity'>,
          ),
        ),
    ),
  );
  router.patch(
    '/alerts/:id',
    safe((req) => sim().mde.updateAlert(id(req), z.looseObject({}).parse(req.body) as Partial<SimAlert>)),
  );

  router.get(
    '/indicators',
    safe(() => sim().mde.listIndicators()),
  );

  router.get(
    '/actions',
    safe(() => sim().mde.listActions()),
  );
  router.post(
    '/actions/next-outcomes',
    safe((req) =>
      sim().mde.setNextActionOutcomes(z.object({ outcomes: z.array(ActionStatus) }).parse(req.body).outcomes),
    ),
  );
  router.post(
    '/actions/:id/advance',
    safe((req) => {
      const to: SimMachineAction['status'] | undefined = z
        .object({ to: ActionStatus.optional() })
        .parse(req.body ?? {}).to;
      return sim().mde.advanceAction(id(req), to);
    }),
  );
  router.post(
    '/actions/:id/fail',
    safe((req) => sim().mde.advanceAction(id(req), 'Failed')),
  );

  router.get(
    '/faults',
    safe(() => sim().faults()),
  );
  router.post(
    '/faults',
    safe((req, res) => res.status(201).json(sim().injectFault(FaultInput.parse(req.body)))),
  );
  router.delete(
    '/faults',
    safe(() => sim().clearFaults()),
  );

  router.get(
    '/calls',
    safe(() => sim().calls()),
  );
  router.delete(
    '/calls',
    safe(() => sim().clearCalls()),
  );
  router.get(
    '/token-requests',
    safe(() => sim().tokenRequests()),
  );
  router.delete(
    '/token-requests',
    safe(() => sim().clearTokenRequests()),
  );

  router.get(
    '/apps',
    safe(() => [...sim().apps.values()].map(publicApp)),
  );
  router.get(
    '/users',
    safe(() => [...sim().users.values()]),
  );
  router.post(
    '/users',
    safe((req, res) => {
      const user = UserInput.parse(req.body);
      sim().addUser(user);
      res.status(201).json(user);
    }),
  );
  router.post(
    '/default-user',
    safe((req) => sim().setDefaultUser(z.object({ user: z.string().min(1) }).parse(req.body).user)),
  );
  router.post(
    '/tokens',
    safe(async (req) => ({ access_token: await sim().issueToken(TokenInput.parse(req.body)) })),
  );
  return router;
}
