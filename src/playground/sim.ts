// The simulator side of the playground: machines to pick from, alerts injected into the simulated
// tenant, each alert's triage state, the tenant's indicators and the machine actions the bot started,
// read through the simulator's control API (/_sim).
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
const alertList = z.array(
  z.looseObject({
    id: z.string(),
    title: z.string(),
    severity: z.string(),
    status: z.string(),
    assignedTo: z.string().nullable(),
    classification: z.string().nullable(),
    determination: z.string().nullable(),
    computerDnsName: z.string(),
    alertCreationTime: z.string(),
    history: z.array(
      z.object({ at: z.string(), by: z.string(), changes: z.record(z.string(), z.unknown()) }),
    ),
  }),
);
const indicatorList = z.array(
  z.looseObject({
    id: z.string(),
    indicatorValue: z.string(),
    indicatorType: z.string(),
    action: z.string(),
    title: z.string(),
    createdByDisplayName: z.string(),
    expirationTime: z.string().nullable(),
    creationTimeDateTimeUtc: z.string(),
  }),
);
/** The side panel shows the newest few; the simulator keeps them all. */
const PANEL_ROWS = 30;
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
  router.get('/alerts', async (_req, res) => {
    const alerts = alertList.parse(await control(context, '/alerts'));
    const newestFirst = [...alerts]
      .sort((a, b) => b.alertCreationTime.localeCompare(a.alertCreationTime))
      .slice(0, PANEL_ROWS);
    res.json(
      newestFirst.map(({ history, ...alert }) => {
        const last = history.at(-1);
        return {
          id: alert.id,
          title: alert.title,
          severity: alert.severity,
          status: alert.status,
          assignedTo: alert.assignedTo,
          classification: alert.classification,
          determination: alert.determination,
          computerDnsName: alert.computerDnsName,
          changes: history.length,
          ...(last ? { lastChange: { at: last.at, by: last.by, fields: Object.keys(last.changes) } } : {}),
        };
      }),
    );
  });
  router.get('/indicators', async (_req, res) => {
    const indicators = indicatorList.parse(await control(context, '/indicators'));
    const newestFirst = [...indicators]
      .sort((a, b) => b.creationTimeDateTimeUtc.localeCompare(a.creationTimeDateTimeUtc))
      .slice(0, PANEL_ROWS);
    res.json(
      newestFirst.map(
        ({ id, indicatorValue, indicatorType, action, title, createdByDisplayName, expirationTime }) => ({
          id,
          indicatorValue,
          indicatorType,
          action,
          title,
          createdBy: createdByDisplayName,
          expirationTime,
        }),
      ),
    );
  });
  router.get('/actions', async (_req, res) => {
    const actions = actionList.parse(await control(context, '/actions'));
    const newestFirst = [...actions]
      .sort((a, b) => b.creationDateTimeUtc.localeCompare(a.creationDateTimeUtc))
      .slice(0, PANEL_ROWS);
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
