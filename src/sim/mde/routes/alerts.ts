// GET /alerts (OData list, $expand=evidence, nextLink paging), GET /alerts/{id}, PATCH /alerts/{id}.
import express, { type Router } from 'express';
import type { SimAlert, SimAlertChange } from '../../types.js';
import { checkTriagePair, parseAlertPatch, type AlertPatch } from '../bodies.js';
import type { MdeContext } from '../context.js';
import { badRequest, resourceNotFound } from '../errors.js';
import { ALERT_FIELDS } from '../fields.js';
import { callerOf, guard } from '../guard.js';
import { pageOf, readListQuery } from '../paging.js';
import { canSeeGroup, type Caller } from '../permissions.js';
import { sendJson } from '../respond.js';
import { alertToWire, metadataUrl } from '../wire.js';
import { compileFilter, linkBase, machineGroup, requireGroupAccess, stringParam } from './shared.js';

export function mountAlertRoutes(router: Router, context: MdeContext): void {
  router.get(
    '/alerts',
    guard(context, { api: 'alerts list', family: 'standard', operation: 'readAlerts' }),
    (req, res) => {
      const caller = callerOf(req);
      const query = readListQuery(req.query);
      const withEvidence = expandsEvidence(query.expand);
      const matches = compileFilter(query.filter, ALERT_FIELDS);
      const visible = context.store
        .sortedAlerts()
        .filter((alert) => canSeeGroup(caller, groupOf(context, alert)) && matches(alert));
      const page = pageOf(visible, query, context.store.pageSize, linkBase(context, req));
      sendJson(res, 200, {
        '@odata.context': metadataUrl(context.options.publicUrl(), 'Alerts'),
        ...(page.nextLink === undefined ? {} : { '@odata.nextLink': page.nextLink }),
        value: page.value.map((alert) => alertToWire(alert, withEvidence)),
      });
    },
  );

  router.get(
    '/alerts/:id',
    guard(context, { api: 'alerts get', family: 'standard', operation: 'readAlerts' }),
    (req, res) => {
      const alert = alertForCaller(context, callerOf(req), stringParam(req, 'id'));
      sendJson(res, 200, {
        '@odata.context': metadataUrl(context.options.publicUrl(), 'Alerts/$entity'),
        ...alertToWire(alert, true),
      });
    },
  );

  router.patch(
    '/alerts/:id',
    guard(context, { api: 'alerts update', family: 'standard', operation: 'updateAlert' }),
    express.json(),
    (req, res) => {
      const caller = callerOf(req);
      const alert = alertForCaller(context, caller, stringParam(req, 'id'));
      const patch = parseAlertPatch(req.body);
      checkTriagePair(
        patch.classification === undefined ? alert.classification : patch.classification,
        patch.determination,
      );
      applyAlertPatch(alert, patch, caller.requestor, context.options.clock.now());
      sendJson(res, 200, {
        '@odata.context': metadataUrl(context.options.publicUrl(), 'Alerts/$entity'),
        ...alertToWire(alert, true),
      });
    },
  );
}

/** Applies a PATCH: left-out properties keep their values; any change moves lastUpdateTime. */
export function applyAlertPatch(alert: SimAlert, patch: AlertPatch, author: string, nowMs: number): void {
  const now = new Date(nowMs).toISOString();
  const before = { ...alert };
  if (patch.status !== undefined) {
    alert.status = patch.status;
    alert.resolvedTime = patch.status === 'Resolved' ? (alert.resolvedTime ?? now) : null;
  }
  if (patch.assignedTo !== undefined) alert.assignedTo = patch.assignedTo;
  if (patch.classification !== undefined) alert.classification = patch.classification;
  if (patch.determination !== undefined) alert.determination = patch.determination;
  if (patch.comment !== undefined)
    alert.comments.push({ comment: patch.comment, createdBy: author, createdTime: now });
  if (Object.values(patch).some((value) => value !== undefined)) alert.lastUpdateTime = now;
  const changes: SimAlertChange['changes'] = {};
  for (const field of ['status', 'assignedTo', 'classification', 'determination'] as const) {
    if (before[field] !== alert[field]) changes[field] = { from: before[field], to: alert[field] };
  }
  if (patch.comment !== undefined) changes.comment = { from: null, to: patch.comment };
  if (Object.keys(changes).length > 0) alert.history.push({ at: now, by: author, changes });
}

function expandsEvidence(expand: string | undefined): boolean {
  if (expand === undefined) return false;
  if (expand.trim().toLowerCase() === 'evidence') return true;
  throw badRequest('ODataError', `Could not find a navigation property named '${expand}' to expand.`);
}

function groupOf(context: MdeContext, alert: SimAlert): string | null {
  return machineGroup(context, alert.machineId, alert.rbacGroupName);
}

function alertForCaller(context: MdeContext, caller: Caller, id: string): SimAlert {
  const alert = context.store.findAlert(id);
  if (alert === undefined) throw resourceNotFound(`Alert ${id} was not found`);
  requireGroupAccess(caller, groupOf(context, alert), `alert ${alert.id}`);
  return alert;
}
