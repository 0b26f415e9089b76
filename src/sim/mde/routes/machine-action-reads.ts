// GET /machineactions (OData list, newest first), GET /machineactions/{id}, GET /machineactions/{id}/getPackageUri,
// and POST /machineactions/{id}/cancel (the same action moves to Cancelled; a final one is refused).
import express, { type Router } from 'express';
import { z } from 'zod';
import type { MdeContext } from '../context.js';
import { badRequest, resourceNotFound } from '../errors.js';
import { ACTION_FIELDS } from '../fields.js';
import { callerOf, guard } from '../guard.js';
import { advance, isFinal, type ActionRecord } from '../lifecycle.js';
import { pageOf, readListQuery } from '../paging.js';
import { canSeeGroup, type Caller } from '../permissions.js';
import { sendJson } from '../respond.js';
import { actionToWire, metadataUrl } from '../wire.js';
import { packageUrl } from './packages.js';
import { compileFilter, linkBase, machineGroup, requireGroupAccess, stringParam } from './shared.js';

export function mountMachineActionReadRoutes(router: Router, context: MdeContext): void {
  mountCancelRoute(router, context);
  router.get(
    '/machineactions',
    guard(context, { api: 'machineactions list', family: 'standard', operation: 'readMachines' }),
    (req, res) => {
      const caller = callerOf(req);
      const query = readListQuery(req.query);
      const matches = compileFilter(query.filter, ACTION_FIELDS);
      const visible = context.store
        .settledActions()
        .map((record) => record.action)
        .filter(
          (action) => canSeeGroup(caller, machineGroup(context, action.machineId, null)) && matches(action),
        );
      const page = pageOf(visible, query, context.store.pageSize, linkBase(context, req));
      sendJson(res, 200, {
        '@odata.context': metadataUrl(context.options.publicUrl(), 'MachineActions'),
        ...(page.nextLink === undefined ? {} : { '@odata.nextLink': page.nextLink }),
        value: page.value.map(actionToWire),
      });
    },
  );

  router.get(
    '/machineactions/:id',
    guard(context, { api: 'machineactions get', family: 'standard', operation: 'readMachines' }),
    (req, res) => {
      const record = actionForCaller(context, callerOf(req), stringParam(req, 'id'));
      sendJson(res, 200, {
        '@odata.context': metadataUrl(context.options.publicUrl(), 'MachineActions/$entity'),
        ...actionToWire(record.action),
      });
    },
  );

  router.get(
    '/machineactions/:id/getPackageUri',
    guard(context, { api: 'getpackageuri', family: 'packageUri', operation: 'packageUri' }),
    (req, res) => {
      const record = actionForCaller(context, callerOf(req), stringParam(req, 'id'));
      // MDE answers 404 while the collection is not complete, and for actions that are no collection.
      if (record.action.type !== 'CollectInvestigationPackage' || record.action.status !== 'Succeeded') {
        throw resourceNotFound(`Investigation package for action ${record.action.id} was not found`);
      }
      sendJson(res, 200, {
        '@odata.context': metadataUrl(context.options.publicUrl(), 'Edm.String'),
        value: packageUrl(context, record.action.id),
      });
    },
  );
}

/** MDE does not mark `Comment` required on cancel. */
const cancelBody = z.object({ Comment: z.string().optional() });

function mountCancelRoute(router: Router, context: MdeContext): void {
  router.post(
    '/machineactions/:id/cancel',
    guard(context, { api: 'machineactions cancel', family: 'standard', operation: 'cancelAction' }),
    express.json(),
    (req, res) => {
      const caller = callerOf(req);
      const record = actionForCaller(context, caller, stringParam(req, 'id'));
      const body = cancelBody.safeParse(req.body ?? {});
      if (!body.success) throw badRequest('InvalidRequestBody', 'Comment must be a string');
      const { action } = record;
      // MDE's answer for a final action is undocumented; a 400 is what clients see in practice.
      if (isFinal(action.status)) {
        throw badRequest(
          'BadRequest',
          `Machine action ${action.id} is already in a final state (${action.status}) and cannot be cancelled`,
        );
      }
      advance(record, context.options.clock.now(), context.options.lifecycle, 'Cancelled');
      // The same action id, now Cancelled, carrying who cancelled it and why.
      action.cancellationRequestor = caller.requestor;
      action.cancellationComment = body.data.Comment ?? null;
      sendJson(res, 200, {
        '@odata.context': metadataUrl(context.options.publicUrl(), 'MachineActions/$entity'),
        ...actionToWire(action),
      });
    },
  );
}

function actionForCaller(context: MdeContext, caller: Caller, id: string): ActionRecord {
  const record = context.store.findAction(id);
  if (record === undefined) throw resourceNotFound(`Machine action ${id} was not found`);
  requireGroupAccess(
    caller,
    machineGroup(context, record.action.machineId, null),
    `machine ${record.action.machineId}`,
  );
  return record;
}
