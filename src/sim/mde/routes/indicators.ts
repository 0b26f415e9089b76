// GET /indicators (OData $filter/$top/$skip), POST /indicators (create, or update by value and type:
// 200 either way), DELETE /indicators/{id} (204, or 404). Expired indicators are gone, as in MDE.
import express, { type Router } from 'express';
import type { MdeContext } from '../context.js';
import { badRequest, resourceNotFound } from '../errors.js';
import { INDICATOR_FIELDS } from '../fields.js';
import { callerOf, guard, type RouteSpec } from '../guard.js';
import {
  MAX_INDICATORS,
  canSeeIndicator,
  indicatorToWire,
  sameIndicator,
  submissionProblem,
  submissionSchema,
  type SimIndicator,
  type Submission,
} from '../indicators.js';
import type { Caller } from '../permissions.js';
import { pageOf, readListQuery } from '../paging.js';
import { sendJson } from '../respond.js';
import { metadataUrl } from '../wire.js';
import { compileFilter, linkBase, stringParam } from './shared.js';

const spec = (api: string): RouteSpec => ({ api, family: 'standard', operation: 'indicators' });

export function mountIndicatorRoutes(router: Router, context: MdeContext): void {
  router.get('/indicators', guard(context, spec('indicators list')), (req, res) => {
    const caller = callerOf(req);
    const query = readListQuery(req.query);
    const matches = compileFilter(query.filter, INDICATOR_FIELDS);
    const visible = context.store
      .activeIndicators()
      .filter((indicator) => canSeeIndicator(caller, indicator) && matches(indicator));
    const page = pageOf(visible, query, context.store.pageSize, linkBase(context, req));
    sendJson(res, 200, {
      '@odata.context': metadataUrl(context.options.publicUrl(), 'Indicators'),
      ...(page.nextLink === undefined ? {} : { '@odata.nextLink': page.nextLink }),
      value: page.value.map(indicatorToWire),
    });
  });

  router.post('/indicators', guard(context, spec('indicators submit')), express.json(), (req, res) => {
    const caller = callerOf(req);
    const parsed = submissionSchema.safeParse(req.body ?? {});
    if (!parsed.success)
      throw badRequest(
        'InvalidRequestBody',
        'indicatorValue, indicatorType, action, title and description are required',
      );
    const problem = submissionProblem(parsed.data);
    if (problem) throw problem;
    const active = context.store.activeIndicators();
    const existing = active.find((indicator) => sameIndicator(indicator, parsed.data));
    if (existing === undefined && active.length >= MAX_INDICATORS)
      throw badRequest('BadRequest', 'Max capacity exceeded: the tenant has 15000 active indicators');
    const indicator = existing
      ? Object.assign(existing, updated(context, caller, parsed.data))
      : context.store.addIndicator(created(context, caller, parsed.data));
    sendJson(res, 200, {
      '@odata.context': metadataUrl(context.options.publicUrl(), 'Indicators/$entity'),
      ...indicatorToWire(indicator),
    });
  });

  router.delete('/indicators/:id', guard(context, spec('indicators delete')), (req, res) => {
    const caller = callerOf(req);
    const id = stringParam(req, 'id');
    const indicator = context.store
      .activeIndicators()
      .find((candidate) => candidate.id === id && canSeeIndicator(caller, candidate));
    if (indicator === undefined) throw resourceNotFound(`Indicator ${id} was not found`);
    context.store.removeIndicator(indicator.id);
    res.status(204).end();
  });
}

function who(caller: Caller): { createdBy: string; sourceType: 'User' | 'AadApp' } {
  return caller.kind === 'user'
    ? { createdBy: caller.requestor, sourceType: 'User' }
    : { createdBy: caller.appId, sourceType: 'AadApp' };
}

/** What a submission changes on an existing indicator (`application` applies only on creation). */
function updated(context: MdeContext, caller: Caller, body: Submission): Partial<SimIndicator> {
  return {
    action: body.action,
    title: body.title,
    description: body.description,
    severity: body.severity ?? null,
    recommendedActions: body.recommendedActions ?? null,
    expirationTime: body.expirationTime ?? null,
    generateAlert: body.generateAlert ?? false,
    rbacGroupNames: body.rbacGroupNames ?? [],
    lastUpdatedBy: who(caller).createdBy,
    lastUpdateTime: new Date(context.options.clock.now()).toISOString(),
  };
}

function created(context: MdeContext, caller: Caller, body: Submission): Omit<SimIndicator, 'id'> {
  const now = new Date(context.options.clock.now()).toISOString();
  const { createdBy, sourceType } = who(caller);
  return {
    indicatorValue: body.indicatorValue.trim(),
    indicatorType: body.indicatorType,
    application: body.application ?? null,
    sourceType,
    createdBy,
    createdBySource: sourceType === 'User' ? 'PublicApi' : 'AadApp',
    createdByDisplayName: caller.requestor,
    creationTimeDateTimeUtc: now,
    creatorAppId: caller.appId,
    ...(updated(context, caller, body) as Omit<
      SimIndicator,
      | 'id'
      | 'indicatorValue'
      | 'indicatorType'
      | 'application'
      | 'sourceType'
      | 'createdBy'
      | 'createdBySource'
      | 'createdByDisplayName'
      | 'creationTimeDateTimeUtc'
      | 'creatorAppId'
    >),
  };
}
