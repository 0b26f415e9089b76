// POST /advancedqueries/run {Query}: the tiny KQL subset over the tenant's hunting tables, limited to
// the caller's device groups.
import express, { type Router } from 'express';
import { huntingBody, parseBody } from '../bodies.js';
import type { MdeContext } from '../context.js';
import { badRequest } from '../errors.js';
import { callerOf, guard } from '../guard.js';
import { KqlError, runKql, type QueryResult } from '../hunting/kql.js';
import { buildTables } from '../hunting/tables.js';
import { canSeeGroup } from '../permissions.js';
import { sendJson } from '../respond.js';

export function mountHuntingRoutes(router: Router, context: MdeContext): void {
  router.post(
    '/advancedqueries/run',
    guard(context, { api: 'advancedqueries', family: 'hunting', operation: 'hunting' }),
    express.json(),
    (req, res) => {
      const caller = callerOf(req);
      const { Query } = parseBody(huntingBody, req.body);
      const machines = context.store.machines.filter((machine) => canSeeGroup(caller, machine.rbacGroupName));
      const visibleIds = new Set(machines.map((machine) => machine.id));
      const alerts = context.store.alerts.filter((alert) => visibleIds.has(alert.machineId));
      let result: QueryResult;
      try {
        result = runKql(Query, buildTables(machines, alerts), context.options.clock.now());
      } catch (error) {
        if (error instanceof KqlError) throw badRequest('BadRequest', error.message);
        throw error;
      }
      sendJson(res, 200, result);
    },
  );
}
