// POST /machines/{id}/runliveresponse, GET /machineactions/{id}/GetLiveResponseResultDownloadLink(index=n),
// the signed result download it points to (a stand-in for a blob SAS URL), and GET /libraryfiles.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import express, { type Router } from 'express';
import type { MdeContext } from '../context.js';
import { resourceNotFound } from '../errors.js';
import { callerOf, guard } from '../guard.js';
import {
  checkSessionLimits,
  defaultLibrary,
  initialCommands,
  parseLiveResponseBody,
  scriptResult,
} from '../live-response.js';
import { submitAction } from '../machine-actions.js';
import { canSeeGroup } from '../permissions.js';
import { sendJson } from '../respond.js';
import { actionToWire, metadataUrl } from '../wire.js';
import { machineForCaller, machineGroup, stringParam } from './shared.js';

const LINK_LIFETIME_MS = 30 * 60_000;
const signingKey = randomBytes(32);
const sign = (what: string, expires: number): string =>
  createHmac('sha256', signingKey).update(`${what.toLowerCase()}|${expires}`).digest('base64url');

export function mountLiveResponseRoutes(router: Router, context: MdeContext): void {
  const library = defaultLibrary();

  router.post(
    '/machines/:id/runliveresponse',
    guard(context, { api: 'runliveresponse', family: 'liveResponse', operation: 'liveResponse' }),
    express.json(),
    (req, res) => {
      const caller = callerOf(req);
      const machine = machineForCaller(context, caller, stringParam(req, 'id'));
      const { comment, commands } = parseLiveResponseBody(req.body, library);
      checkSessionLimits(
        context.store.settledActions().map((r) => r.action),
        machine,
      );
      const record = submitAction(context.store, {
        machine,
        type: 'LiveResponse',
        requestor: caller.requestor,
        comment,
        scope: null,
        nowMs: context.options.clock.now(),
      });
      record.action.commands = initialCommands(commands);
      sendJson(res, 201, {
        '@odata.context': metadataUrl(context.options.publicUrl(), 'MachineActions/$entity'),
        ...actionToWire(record.action),
      });
    },
  );

  router.get(
    /^\/machineactions\/([^/]+)\/GetLiveResponseResultDownloadLink\(index=(\d+)\)$/i,
    guard(context, {
      api: 'getliveresponseresultdownloadlink',
      family: 'standard',
      operation: 'liveResponseResult',
    }),
    (req, res) => {
      const params = req.params as unknown as Record<string, string>;
      const id = params['0'] ?? '';
      const index = Number(params['1']);
      const record = context.store.findAction(id);
      const caller = callerOf(req);
      if (!record || !canSeeGroup(caller, machineGroup(context, record.action.machineId, null)))
        throw resourceNotFound(`Machine action ${id} was not found`);
      if (record.action.type !== 'LiveResponse' || !scriptResult(record.action, index))
        throw resourceNotFound(`Live response result ${index} of action ${id} was not found`);
      const expires = context.options.clock.now() + LINK_LIFETIME_MS;
      const what = `${record.action.id}/${index}`;
      sendJson(res, 200, {
        '@odata.context': metadataUrl(context.options.publicUrl(), 'Edm.String'),
        value: `${context.options.publicUrl()}/api/live-response-results/${what}?se=${expires}&sig=${sign(what, expires)}`,
      });
    },
  );

  router.get('/live-response-results/:id/:index', (req, res) => {
    const what = `${stringParam(req, 'id')}/${stringParam(req, 'index')}`;
    const expires = Number(req.query.se);
    const signature = typeof req.query.sig === 'string' ? Buffer.from(req.query.sig) : Buffer.alloc(0);
    const expected = Buffer.from(sign(what, expires));
    const valid = signature.length === expected.length && timingSafeEqual(signature, expected);
    const record = context.store.findAction(stringParam(req, 'id'));
    const result = record && scriptResult(record.action, Number(stringParam(req, 'index')));
    if (!valid || !(expires > context.options.clock.now()) || !result)
      throw resourceNotFound('The specified blob does not exist.');
    res.status(200).type('application/json').send(JSON.stringify(result));
  });

  router.get(
    '/libraryfiles',
    guard(context, { api: 'libraryfiles list', family: 'standard', operation: 'library' }),
    (_req, res) => {
      sendJson(res, 200, {
        '@odata.context': metadataUrl(context.options.publicUrl(), 'LibraryFiles'),
        value: library.map((f) => ({ ...f })),
      });
    },
  );
}
