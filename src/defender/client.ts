// Typed MDE API calls the bot makes. Each method is one documented endpoint; request bodies use
// MDE's exact (case-sensitive) parameter names. Every call tells the rate budget what it is: a
// submission is always part of a machine action; a look-up is a read unless it is made through
// forMachineActions() by the code following an action (its status polls, adoption look-ups).
import { isIP } from 'node:net';
import type { z } from 'zod';
import { BotError } from '../core/errors.js';
import { ENDPOINTS } from './endpoints.js';
import { odataAnd, odataDateTime, odataString } from './odata.js';
import type { AccessTokenSource } from '../core/tokens.js';
import type { CallClass } from './ratelimit.js';
import type { CallSpec, DefenderTransport } from './transport.js';
import {
  alertSchema,
  collectionSchema,
  machineActionSchema,
  machineSchema,
  stringValueSchema,
  type Alert,
  type AlertSeverity,
  type MdeIsolationType,
  type Machine,
  type MachineAction,
  type MachineActionType,
  type MdeScanType,
} from './types.js';

export interface ListOptions {
  top?: number;
  skip?: number;
}

export interface AlertQuery {
  /** Alerts created strictly after this instant. */
  createdAfter?: Date;
  /** Alerts updated at or after this instant. */
  updatedSince?: Date;
  severities?: readonly AlertSeverity[];
  /** Only this machine's alerts. */
  machineId?: string;
  /** Only alerts not resolved yet (New, InProgress). */
  openOnly?: boolean;
  /** Page size; paging continues through @odata.nextLink up to `limit` items. */
  top?: number;
  limit?: number;
}

const machines = collectionSchema(machineSchema);
const actions = collectionSchema(machineActionSchema);
const alerts = collectionSchema(alertSchema);

/** MDE machine ids are 40 hex characters; accept GUID-like ids too but never path syntax. */
const MACHINE_ID = /^[A-Za-z0-9-]{8,64}$/;
const ACTION_ID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function requireId(value: string, pattern: RegExp, what: string): string {
  if (!pattern.test(value)) throw new BotError('INVALID_INPUT', `That does not look like an MDE ${what} id.`);
  return encodeURIComponent(value);
}

/** `api/machines/<id>`, refusing anything that is not a machine id (never path syntax). */
export function machinePath(machineId: string): string {
  return `api/machines/${requireId(machineId, MACHINE_ID, 'machine')}`;
}

/** `api/machineactions/<id>`, refusing anything that is not an action id (never path syntax). */
export function machineActionPath(actionId: string): string {
  return `api/machineactions/${requireId(actionId, ACTION_ID, 'action')}`;
}

/**
 * A call a verb module declares itself: its endpoint (budget, permission), method, path, body and
 * the schema of the answer. `callClass` defaults to this client's look-ups; a write that belongs to a
 * machine action says 'action'.
 */
export type DeclaredCall<T> = Omit<CallSpec<T>, 'callClass'> & { callClass?: CallClass };

export class DefenderClient {
  /** `lookups`: what this client's look-ups are to the rate budget (see forMachineActions). */
  constructor(
    private readonly transport: DefenderTransport,
    private readonly tokens: AccessTokenSource,
    private readonly lookups: CallClass = 'read',
  ) {}

  /** The same client drawing tokens from another context (e.g. a signed-in user). */
  withTokens(tokens: AccessTokenSource): DefenderClient {
    return new DefenderClient(this.transport, tokens, this.lookups);
  }

  /**
   * The same client for the code that follows a machine action from submission to its end: its
   * look-ups (status polls, finding an action already submitted) count as part of the action, so
   * they may use the share of a window reads may not.
   */
  forMachineActions(): DefenderClient {
    return this.lookups === 'action' ? this : new DefenderClient(this.transport, this.tokens, 'action');
  }

  /** A look-up, classed as this client's look-ups are. */
  private lookup<T>(spec: Omit<CallSpec<T>, 'callClass'>): Promise<T> {
    return this.transport.call(this.tokens, { ...spec, callClass: this.lookups });
  }

  get tokenContext() {
    return this.tokens.context;
  }

  /** Makes a call a verb module declares (see DeclaredCall); the transport checks and paces it like any. */
  call<T>(call: DeclaredCall<T>): Promise<T> {
    return this.transport.call(this.tokens, { ...call, callClass: call.callClass ?? this.lookups });
  }

  async listMachines(filter: string | undefined, options: ListOptions = {}): Promise<Machine[]> {
    const page = await this.lookup({
      endpoint: ENDPOINTS.listMachines,
      method: 'GET',
      path: 'api/machines',
      query: { $filter: filter, $top: options.top?.toString(), $skip: options.skip?.toString() },
      schema: machines,
    });
    return page.value;
  }

  getMachine(machineId: string): Promise<Machine> {
    return this.lookup({
      endpoint: ENDPOINTS.getMachine,
      method: 'GET',
      path: machinePath(machineId),
      schema: machineSchema,
    });
  }

  async findMachinesByIp(ip: string, at: Date): Promise<Machine[]> {
    if (isIP(ip) === 0) throw new BotError('INVALID_INPUT', 'That is not an IP address.');
    const page = await this.lookup({
      endpoint: ENDPOINTS.findByIp,
      method: 'GET',
      path: `api/machines/findbyip(ip=${odataString(ip)},timestamp=${odataDateTime(at)})`,
      schema: machines,
    });
    return page.value;
  }

  isolate(machineId: string, comment: string, isolationType: MdeIsolationType): Promise<MachineAction> {
    return this.machineAction('isolate', machineId, { Comment: comment, IsolationType: isolationType });
  }

  unisolate(machineId: string, comment: string): Promise<MachineAction> {
    return this.machineAction('unisolate', machineId, { Comment: comment });
  }

  runAntiVirusScan(machineId: string, comment: string, scanType: MdeScanType): Promise<MachineAction> {
    return this.machineAction('runAntiVirusScan', machineId, { Comment: comment, ScanType: scanType });
  }

  collectInvestigationPackage(machineId: string, comment: string): Promise<MachineAction> {
    return this.machineAction('collectInvestigationPackage', machineId, { Comment: comment });
  }

  restrictCodeExecution(machineId: string, comment: string): Promise<MachineAction> {
    return this.machineAction('restrictCodeExecution', machineId, { Comment: comment });
  }

  unrestrictCodeExecution(machineId: string, comment: string): Promise<MachineAction> {
    return this.machineAction('unrestrictCodeExecution', machineId, { Comment: comment });
  }

  getMachineAction(actionId: string): Promise<MachineAction> {
    return this.lookup({
      endpoint: ENDPOINTS.getMachineAction,
      method: 'GET',
      path: machineActionPath(actionId),
      schema: machineActionSchema,
    });
  }

  async listMachineActions(
    query: { machineId?: string; type?: MachineActionType; createdSince?: Date },
    options: ListOptions = {},
  ): Promise<MachineAction[]> {
    const filter = odataAnd(
      query.machineId === undefined ? undefined : `machineId eq ${odataString(query.machineId)}`,
      query.type === undefined ? undefined : `type eq ${odataString(query.type)}`,
      query.createdSince === undefined
        ? undefined
        : `creationDateTimeUtc ge ${odataDateTime(query.createdSince)}`,
    );
    const page = await this.lookup({
      endpoint: ENDPOINTS.listMachineActions,
      method: 'GET',
      path: 'api/machineactions',
      query: { $filter: filter, $top: options.top?.toString(), $skip: options.skip?.toString() },
      schema: actions,
    });
    return page.value;
  }

  async getPackageUri(actionId: string): Promise<string> {
    const result = await this.lookup({
      endpoint: ENDPOINTS.getPackageUri,
      method: 'GET',
      path: `${machineActionPath(actionId)}/getPackageUri`,
      schema: stringValueSchema,
    });
    return result.value;
  }

  /** Alerts matching the query, following @odata.nextLink until `limit` (default 10,000). */
  async listAlerts(query: AlertQuery = {}): Promise<Alert[]> {
    const severityClause =
      query.severities && query.severities.length > 0
        ? query.severities.map((s) => `severity eq ${odataString(s)}`).join(' or ')
        : undefined;
    const filter = odataAnd(
      query.createdAfter ? `alertCreationTime gt ${odataDateTime(query.createdAfter)}` : undefined,
      query.updatedSince ? `lastUpdateTime ge ${odataDateTime(query.updatedSince)}` : undefined,
      query.machineId ? `machineId eq ${odataString(query.machineId)}` : undefined,
      query.openOnly ? `status ne 'Resolved'` : undefined,
      severityClause,
    );
    const limit = query.limit ?? 10_000;
    const collected: Alert[] = [];
    let next: string | undefined = 'api/alerts';
    let first = true;
    while (next !== undefined && collected.length < limit) {
      const page: z.infer<typeof alerts> = await this.lookup({
        endpoint: ENDPOINTS.listAlerts,
        method: 'GET',
        path: next,
        query: first ? { $filter: filter, $top: query.top?.toString() } : undefined,
        schema: alerts,
      });
      collected.push(...page.value);
      next = page['@odata.nextLink'];
      first = false;
    }
    return collected.slice(0, limit);
  }

  getAlert(alertId: string): Promise<Alert> {
    return this.lookup({
      endpoint: ENDPOINTS.getAlert,
      method: 'GET',
      path: `api/alerts/${requireId(alertId, /^[A-Za-z0-9_-]{1,128}$/, 'alert')}`,
      schema: alertSchema,
    });
  }

  private async machineAction(
    endpoint:
      | 'isolate'
      | 'unisolate'
      | 'runAntiVirusScan'
      | 'collectInvestigationPackage'
      | 'restrictCodeExecution'
      | 'unrestrictCodeExecution',
    machineId: string,
    body: Record<string, string>,
  ): Promise<MachineAction> {
    if (!body.Comment || body.Comment.trim().length === 0) {
      throw new BotError('INVALID_INPUT', 'A reason is required for every machine action.');
    }
    // A submission is a machine action whoever calls it.
    return await this.transport.call(this.tokens, {
      endpoint: ENDPOINTS[endpoint],
      method: 'POST',
      path: `${machinePath(machineId)}/${endpoint}`,
      body,
      schema: machineActionSchema,
      callClass: 'action',
    });
  }
}
