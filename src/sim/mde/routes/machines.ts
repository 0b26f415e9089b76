// GET /machines (OData list), GET /machines/{id|name}, GET /machines/findbyip(ip='..',timestamp=..),
// POST /machines/{id}/tags {Value, Action: Add|Remove} (200 with the updated machine).
import { isIP } from 'node:net';
import express, { type Router } from 'express';
import { z } from 'zod';
import type { MdeContext } from '../context.js';
import { badRequest } from '../errors.js';
import { MACHINE_FIELDS } from '../fields.js';
import { callerOf, guard } from '../guard.js';
import { pageOf, readListQuery } from '../paging.js';
import { canSeeGroup } from '../permissions.js';
import { sendJson } from '../respond.js';
import { machineToWire, metadataUrl } from '../wire.js';
import { compileFilter, linkBase, machineForCaller, stringParam } from './shared.js';

const SIGHTING_TOLERANCE_MS = 15 * 60_000;
const FIND_BY_IP_MAX_AGE_MS = 30 * 24 * 3_600_000;

export function mountMachineRoutes(router: Router, context: MdeContext): void {
  mountTagRoute(router, context);
  router.get(
    '/machines',
    guard(context, { api: 'machines list', family: 'standard', operation: 'readMachines' }),
    (req, res) => {
      const caller = callerOf(req);
      const query = readListQuery(req.query);
      const matches = compileFilter(query.filter, MACHINE_FIELDS);
      const visible = context.store.machines.filter(
        (machine) => canSeeGroup(caller, machine.rbacGroupName) && matches(machine),
      );
      const page = pageOf(visible, query, context.store.pageSize, linkBase(context, req));
      sendJson(res, 200, {
        '@odata.context': metadataUrl(context.options.publicUrl(), 'Machines'),
        ...(page.nextLink === undefined ? {} : { '@odata.nextLink': page.nextLink }),
        value: page.value.map(machineToWire),
      });
    },
  );

  router.get(
    /^\/machines\/findbyip\((.*)\)$/i,
    guard(context, { api: 'findbyip', family: 'standard', operation: 'readMachines' }),
    (req, res) => {
      const caller = callerOf(req);
      const { ip, timestampMs } = parseFindByIp(stringParam(req, '0'), context.options.clock.now());
      const found = context.store.machines.filter(
        (machine) =>
          canSeeGroup(caller, machine.rbacGroupName) &&
          (context.store.sightings.get(machine.id) ?? []).some(
            (sighting) =>
              sighting.ipAddress === ip && Math.abs(sighting.atMs - timestampMs) <= SIGHTING_TOLERANCE_MS,
          ),
      );
      sendJson(res, 200, {
        '@odata.context': metadataUrl(context.options.publicUrl(), 'Machines'),
        value: found.map(machineToWire),
      });
    },
  );

  router.get(
    '/machines/:id',
    guard(context, { api: 'machines get', family: 'standard', operation: 'readMachines' }),
    (req, res) => {
      const machine = machineForCaller(context, callerOf(req), stringParam(req, 'id'));
      sendJson(res, 200, {
        '@odata.context': metadataUrl(context.options.publicUrl(), 'Machines/$entity'),
        ...machineToWire(machine),
      });
    },
  );
}

/** PascalCase keys, both required; registry tags are capped at 200 characters. */
const tagBody = z.object({
  Value: z.string().trim().min(1).max(200),
  Action: z.enum(['Add', 'Remove']),
});

function mountTagRoute(router: Router, context: MdeContext): void {
  router.post(
    '/machines/:id/tags',
    guard(context, { api: 'machines tags', family: 'standard', operation: 'tagMachine' }),
    express.json(),
    (req, res) => {
      const machine = machineForCaller(context, callerOf(req), stringParam(req, 'id'));
      const body = tagBody.safeParse(req.body ?? {});
      if (!body.success)
        throw badRequest(
          'InvalidRequestBody',
          'Value (1 to 200 characters) and Action (Add or Remove) are required',
        );
      const { Value: tag, Action: action } = body.data;
      // Adding a tag the machine has, or removing one it lacks, changes nothing (undocumented; our choice).
      const has = machine.machineTags.includes(tag);
      if (action === 'Add' && !has) machine.machineTags = [...machine.machineTags, tag];
      if (action === 'Remove' && has) machine.machineTags = machine.machineTags.filter((t) => t !== tag);
      sendJson(res, 200, {
        '@odata.context': metadataUrl(context.options.publicUrl(), 'Machines/$entity'),
        ...machineToWire(machine),
      });
    },
  );
}

/** `ip='10.1.2.3',timestamp=2024-05-01T10:00:00Z` (the timestamp may also be quoted). */
function parseFindByIp(argumentsText: string, now: number): { ip: string; timestampMs: number } {
  const args = new Map<string, string>();
  for (const part of argumentsText.split(',')) {
    const [key, ...rest] = part.split('=');
    args.set(
      (key ?? '').trim().toLowerCase(),
      rest
        .join('=')
        .trim()
        .replace(/^'(.*)'$/, '$1'),
    );
  }
  const ip = args.get('ip');
  const timestamp = args.get('timestamp');
  if (ip === undefined || ip === '') throw badRequest('MissingRequiredParameter', 'Parameter ip is missing');
  if (isIP(ip) === 0) throw badRequest('InvalidIpAddress', `Invalid IP address ${ip}`);
  if (timestamp === undefined || timestamp === '')
    throw badRequest('MissingRequiredParameter', 'Parameter timestamp is missing');
  const timestampMs = Date.parse(timestamp);
  if (Number.isNaN(timestampMs)) throw badRequest('InvalidInput', `Invalid input timestamp: ${timestamp}`);
  if (timestampMs < now - FIND_BY_IP_MAX_AGE_MS || timestampMs > now + SIGHTING_TOLERANCE_MS) {
    throw badRequest('BadRequest', 'The timestamp must be within the past 30 days');
  }
  return { ip, timestampMs };
}
