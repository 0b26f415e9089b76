// POST /machines/{id}/<action>: isolate, unisolate, runAntiVirusScan, collectInvestigationPackage,
// restrictCodeExecution, unrestrictCodeExecution. 201 + MachineAction.
import express, { type Router } from 'express';
import type { MdeContext } from '../context.js';
import { callerOf, guard } from '../guard.js';
import { ACTION_DEFINITIONS, submitAction } from '../machine-actions.js';
import { sendJson } from '../respond.js';
import { actionToWire, metadataUrl } from '../wire.js';
import { machineForCaller, stringParam } from './shared.js';

export function mountActionRoutes(router: Router, context: MdeContext): void {
  for (const definition of ACTION_DEFINITIONS) {
    const spec = {
      api: definition.path.toLowerCase(),
      family: 'standard',
      operation: definition.operation,
    } as const;
    router.post(`/machines/:id/${definition.path}`, guard(context, spec), express.json(), (req, res) => {
      const caller = callerOf(req);
      const machine = machineForCaller(context, caller, stringParam(req, 'id'));
      const { comment, scope } = definition.parse(req.body);
      const record = submitAction(context.store, {
        machine,
        type: definition.type,
        requestor: caller.requestor,
        comment,
        scope,
        nowMs: context.options.clock.now(),
      });
      sendJson(res, 201, {
        '@odata.context': metadataUrl(context.options.publicUrl(), 'MachineActions/$entity'),
        ...actionToWire(record.action),
      });
    });
  }
}
