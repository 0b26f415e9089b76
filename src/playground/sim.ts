// The simulator side of the playground: machines to pick from, alerts injected into the simulated
// tenant, and the machine actions the bot started, read through the simulator's control API (/_sim).
import express, { Router } from 'express';
import { z } from 'zod';
import type { PlaygroundContext } from './context.js';
import { badInput } from './errors.js';

const machineList = z.array(
  z.looseObject({
    id: z.string(),
    computerDnsName: z.string(),
    healthStatus: z.string().optional(),
    riskScore: z.string().optional(),
  }),
);
const actionList = z.array(
  z.looseObject({
    id: z.string(),
    type: z.string(),
    status: z.string(),
    computerDnsName: z.string(),
    requestor: z.string(),
    requestorComment: z.string(),
    creationDateTimeUtc: z.string(),
    lastUpdateDateTimeUtc: z.string(),
  }),
);
const alertInput = z.object({
  severity: z.enum(['Informational', 'Low', 'Medium', 'High']),
  title: z.string().trim().min(1).max(200),
  machine: z.string().min(1),
});

async function control(context: PlaygroundContext, path: string, init?: RequestInit): Promise<unknown> {
  const response = await fetch(`${context.simUrl}/_sim${path}`, init);
  if (!response.ok) throw new Error(`simulator control ${path} answered ${response.status}`);
  return response.json();
}

async function machines(context: PlaygroundContext) {
  return machineList.parse(await control(context, '/machines'));
}

export function simRouter(context: PlaygroundContext): Router {
  const router = Router();
  router.use(express.json({ limit: '16kb' }));
  router.get('/machines', async (_req, res) => {
    res.json(
      (await machines(context)).map(({ id, computerDnsName, healthStatus, riskScore }) => ({
        id,
        computerDnsName,
        healthStatus,
        riskScore,
      })),
    );
  });
  router.post('/alerts', async (req, res) => {
    const input = alertInput.parse(req.body);
    const machine = (await machines(context)).find(
      (m) => m.computerDnsName === input.machine || m.id === input.machine,
    );
    if (!machine) throw badInput(`no machine named ${input.machine} in the simulator`);
    const alert = (await control(context, '/alerts', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        title: input.title,
        severity: input.severity,
        machineId: machine.id,
        status: 'New',
      }),
    })) as { id?: unknown };
    res.status(201).json({ id: alert.id, machine: machine.computerDnsName });
  });
  router.get('/actions', async (_req, res) => {
    const actions = actionList.parse(await control(context, '/actions'));
    const newestFirst = [...actions]
      .sort((a, b) => b.creationDateTimeUtc.localeCompare(a.creationDateTimeUtc))
      .slice(0, 30);
    res.json(
      newestFirst.map(
        ({ id, type, status, computerDnsName, requestor, requestorComment, lastUpdateDateTimeUtc }) => ({
          id,
          type,
          status,
          computerDnsName,
          requestor,
          requestorComment,
          lastUpdateDateTimeUtc,
        }),
      ),
    );
  });
  return router;
}
