// The six machine actions the bot uses: body rules, permission, and submission with MDE's
// one-active-request-per-type rule.
import { randomUUID } from 'node:crypto';
import type { SimMachine, SimMachineAction } from '../types.js';
import { commentOnlyBody, isolateBody, parseBody, scanBody } from './bodies.js';
import { badRequest } from './errors.js';
import { ticksIso, type ActionRecord } from './lifecycle.js';
import type { Operation } from './permissions.js';
import type { MdeStore } from './store.js';

export interface ActionDefinition {
  /** Path segment after /machines/{id}/. */
  path: string;
  type: SimMachineAction['type'];
  operation: Operation;
  /** Validates the body; returns the comment and the action's scope. */
  parse(body: unknown): { comment: string; scope: string | null };
}

const commentOnly = (body: unknown) => ({ comment: parseBody(commentOnlyBody, body).Comment, scope: null });

export const ACTION_DEFINITIONS: readonly ActionDefinition[] = [
  {
    path: 'isolate',
    type: 'Isolate',
    operation: 'isolate',
    parse: (body) => {
      const parsed = parseBody(isolateBody, body);
      return { comment: parsed.Comment, scope: parsed.IsolationType ?? 'Full' };
    },
  },
  { path: 'unisolate', type: 'Unisolate', operation: 'isolate', parse: commentOnly },
  {
    path: 'runAntiVirusScan',
    type: 'RunAntiVirusScan',
    operation: 'scan',
    parse: (body) => {
      const parsed = parseBody(scanBody, body);
      return { comment: parsed.Comment, scope: parsed.ScanType };
    },
  },
  {
    path: 'collectInvestigationPackage',
    type: 'CollectInvestigationPackage',
    operation: 'collect',
    parse: commentOnly,
  },
  { path: 'restrictCodeExecution', type: 'RestrictCodeExecution', operation: 'restrict', parse: commentOnly },
  {
    path: 'unrestrictCodeExecution',
    type: 'UnrestrictCodeExecution',
    operation: 'restrict',
    parse: commentOnly,
  },
];

export interface Submission {
  machine: SimMachine;
  type: SimMachineAction['type'];
  requestor: string;
  comment: string;
  scope: string | null;
  nowMs: number;
}

export function submitAction(store: MdeStore, submission: Submission): ActionRecord {
  const { machine, type, nowMs } = submission;
  if (store.activeAction(machine.id, type) !== undefined) {
    throw badRequest('ActiveRequestAlreadyExists', 'Action is already in progress');
  }
  return store.addAction({
    id: randomUUID(),
    type,
    title: null,
    requestor: submission.requestor,
    requestorComment: submission.comment,
    status: 'Pending',
    machineId: machine.id,
    computerDnsName: machine.computerDnsName,
    creationDateTimeUtc: ticksIso(nowMs),
    lastUpdateDateTimeUtc: ticksIso(nowMs),
    cancellationRequestor: null,
    cancellationComment: null,
    cancellationDateTimeUtc: null,
    errorHResult: 0,
    scope: submission.scope,
    externalId: null,
    requestSource: 'PublicApi',
    relatedFileInfo: null,
    commands: [],
    troubleshootInfo: null,
  });
}
