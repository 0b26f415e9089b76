// GET /machineactions (OData list, newest first), GET /machineactions/{id}, GET /machineactions/{id}/getPackageUri.
import type { Router } from 'express';
import type { MdeContext } from '../context.js';
import { resourceNotFound } from '../errors.js';
import { ACTION_FIELDS } from '../fields.js';
import { callerOf, guard } from '../guard.js';
import type { ActionRecord } from '../lifecycle.js';
import { pageOf, readListQuery } from '../paging.js';
import { canSeeGroup, type Caller } from '../permissions.js';
import { sendJson } from '../respond.js';
import { actionToWire, metadataUrl } from '../wire.js';
import { packageUrl } from './packages.js';
import { compileFilter, linkBase, machineGroup, requireGroupAccess, stringParam } from './shared.js';

export function mountMachineActionReadRoutes(router: Router, context: MdeContext): void {
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
