// Helpers several routes need: filter compilation, nextLink base, device-group-aware lookups.
import type { Request } from 'express';
import type { SimMachine } from '../../types.js';
import type { MdeContext } from '../context.js';
import { MdeError, badRequest, forbidden, resourceNotFound } from '../errors.js';
import { ODataSyntaxError, parseFilter, type FieldTable, type Predicate } from '../odata.js';
import { canSeeGroup, type Caller } from '../permissions.js';

export function compileFilter<T>(filter: string | undefined, fields: FieldTable<T>): Predicate<T> {
  if (filter === undefined) return () => true;
  try {
    return parseFilter(filter, fields);
  } catch (error) {
    if (error instanceof ODataSyntaxError)
      throw badRequest('ODataError', `Invalid filter clause: ${error.message}`);
    throw error;
  }
}

/** Absolute URL of this list endpoint as the client called it (either mount, /api or /api/v1.0). */
export function linkBase(context: MdeContext, req: Request): string {
  return `${context.options.publicUrl()}${req.baseUrl}${req.path}`;
}

export function machineGroup(context: MdeContext, machineId: string, fallback: string | null): string | null {
  const machine = context.store.machines.find((candidate) => candidate.id === machineId);
  return machine === undefined ? fallback : machine.rbacGroupName;
}

/**
 * Resolves `{id}` (device id or computer name). A user reaching a device outside their device groups
 * gets 403 Forbidden: our chosen behaviour, as the docs do not say (404 would hide the device).
 */
export function machineForCaller(context: MdeContext, caller: Caller, idOrName: string): SimMachine {
  const machine = context.store.findMachine(idOrName);
  if (machine === undefined) throw resourceNotFound(`Machine ${idOrName} was not found`);
  requireGroupAccess(caller, machine.rbacGroupName, `machine ${machine.id}`);
  return machine;
}

export function requireGroupAccess(caller: Caller, groupName: string | null, what: string): void {
  if (!canSeeGroup(caller, groupName))
    throw forbidden(`User has no access to ${what} (device group ${groupName ?? 'none'})`);
}

export function stringParam(req: Request, name: string): string {
  const value: unknown = req.params[name];
  if (typeof value !== 'string') throw new MdeError(400, 'BadRequest', `Missing path parameter ${name}`);
  return value;
}
