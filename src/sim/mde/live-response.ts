// Live response as the simulator plays it (mde-api-response.md section 5): the library of scripts,
// the strict body of runliveresponse, the one-session-per-device and 25-concurrent-sessions rules, the
// commands' statuses following the action's, and what a RunScript leaves as its result.
import { z } from 'zod';
import type { RateWindow, SimMachine, SimMachineAction } from '../types.js';
import { badRequest, MdeError } from './errors.js';

/** MDE's published live response budget: 10 calls a minute. */
export const LIVE_RESPONSE_LIMITS: readonly RateWindow[] = [{ limit: 10, windowMs: 60_000 }];
/** Concurrently running sessions MDE allows a tenant; 429 beyond. */
export const MAX_CONCURRENT_SESSIONS = 25;

export interface LibraryFile {
  fileName: string;
  sha256: string;
  description: string;
  creationTime: string;
  lastUpdatedTime: string;
  createdBy: string;
  hasParameters: boolean;
  parametersDescription?: string;
}

const AT = '2026-01-05T09:00:00.0000000Z';
const file = (fileName: string, sha: string, description: string, parameters?: string): LibraryFile => ({
  fileName,
  sha256: sha.repeat(64 / sha.length),
  description,
  creationTime: AT,
  lastUpdatedTime: AT,
  createdBy: 'secops-lead@contoso.com',
  hasParameters: parameters !== undefined,
  ...(parameters === undefined ? {} : { parametersDescription: parameters }),
});

/** The seeded library. */
export function defaultLibrary(): LibraryFile[] {
  return [
    file('collect-logs.ps1', 'a1', 'Collects the event logs of the last day', '-Hours <n>'),
    file('get-processes.ps1', 'b2', 'Lists running processes with their command lines'),
    file('minidump.ps1', 'c3', 'Writes a minidump of a process', '<process name>'),
  ];
}

const param = z.object({ key: z.string().min(1), value: z.string() });
const command = z.object({ type: z.enum(['PutFile', 'RunScript', 'GetFile']), params: z.array(param) });
const body = z.object({ Comment: z.string().trim().min(1), Commands: z.array(command).min(1) });
export type LiveResponseCommand = z.infer<typeof command>;

/** The keys each command type takes (case-sensitive, as MDE documents them), required first. */
const KEYS: Record<LiveResponseCommand['type'], { required: string; optional: readonly string[] }> = {
  PutFile: { required: 'FileName', optional: [] },
  RunScript: { required: 'ScriptName', optional: ['Args'] },
  GetFile: { required: 'Path', optional: [] },
};

/** Checks the body strictly: `Comment`, `Commands`, each command's type and param keys. */
export function parseLiveResponseBody(
  raw: unknown,
  library: readonly LibraryFile[],
): { comment: string; commands: LiveResponseCommand[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw badRequest('InvalidRequestBody', 'Request body is incorrect');
  const record = raw as Record<string, unknown>;
  if (record.Comment === undefined || record.Commands === undefined) {
    throw badRequest(
      'MissingRequiredParameter',
      `Parameter ${record.Comment === undefined ? 'Comment' : 'Commands'} is missing`,
    );
  }
  const parsed = body.safeParse(raw);
  if (!parsed.success)
    throw badRequest('InvalidInput', `Invalid input: ${parsed.error.issues[0]?.message ?? ''}`);
  for (const { type, params } of parsed.data.Commands) {
    const keys = KEYS[type];
    const unknownKey = params.find((p) => p.key !== keys.required && !keys.optional.includes(p.key));
    if (unknownKey) throw badRequest('InvalidInput', `Invalid parameter ${unknownKey.key} for ${type}`);
    const required = params.find((p) => p.key === keys.required);
    if (!required || required.value.trim() === '')
      throw badRequest('MissingRequiredParameter', `Parameter ${keys.required} is missing for ${type}`);
    if (type !== 'GetFile' && !library.some((f) => f.fileName.toLowerCase() === required.value.toLowerCase()))
      throw badRequest('InvalidInput', `File ${required.value} was not found in the library`);
  }
  return { comment: parsed.data.Comment, commands: parsed.data.Commands };
}

/** One session per device and at most 25 at once; MDE's answers when either is broken. */
export function checkSessionLimits(actions: readonly SimMachineAction[], machine: SimMachine): void {
  const running = actions.filter(
    (a) => a.type === 'LiveResponse' && (a.status === 'Pending' || a.status === 'InProgress'),
  );
  if (running.some((a) => a.machineId === machine.id))
    throw badRequest('ActiveRequestAlreadyExists', 'Action is already in progress');
  if (running.length >= MAX_CONCURRENT_SESSIONS)
    throw new MdeError(
      429,
      'TooManyRequests',
      `Too many concurrent live response sessions: maximum allowed ${MAX_CONCURRENT_SESSIONS}`,
      { 'Retry-After': '30' },
    );
}

/** The action's `commands` as MDE shows them when it is created. */
export function initialCommands(commands: readonly LiveResponseCommand[]): unknown[] {
  return commands.map((c, index) => ({
    index,
    startTime: null,
    endTime: null,
    commandStatus: 'Created',
    errors: [],
    command: { type: c.type, params: c.params.map((p) => ({ ...p })) },
  }));
}

interface WireCommand {
  index: number;
  startTime: string | null;
  endTime: string | null;
  commandStatus: string;
  errors: string[];
}

const ticks = (ms: number): string => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');

/** Keeps a live response action's commands in step with its status (Created, Completed or Failed). */
export function syncCommands(action: SimMachineAction, atMs: number): void {
  for (const entry of action.commands as WireCommand[]) {
    if (action.status === 'InProgress') entry.startTime ??= ticks(atMs);
    if (action.status === 'Succeeded') {
      entry.startTime ??= ticks(atMs);
      entry.endTime = ticks(atMs);
      entry.commandStatus = 'Completed';
    }
    if (action.status === 'Failed' || action.status === 'TimeOut') {
      entry.endTime = ticks(atMs);
      entry.commandStatus = 'Failed';
      entry.errors = ['The script failed on the device'];
    }
  }
}

/** What a completed RunScript leaves: MDE's result JSON, with enough lines to need more than a card. */
export function scriptResult(action: SimMachineAction, index: number): Record<string, unknown> | undefined {
  const entry = (action.commands as (WireCommand & { command: LiveResponseCommand })[])[index];
  if (!entry || entry.command.type !== 'RunScript' || entry.commandStatus !== 'Completed') return undefined;
  const script = entry.command.params.find((p) => p.key === 'ScriptName')?.value ?? '';
  const args = entry.command.params.find((p) => p.key === 'Args')?.value;
  const lines = [
    `Running ${script}${args === undefined ? '' : ` ${args}`} on ${action.computerDnsName}`,
    ...Array.from({ length: 40 }, (_, i) => `line ${i + 1} of the output of ${script}`),
    'done',
  ];
  return { script_name: script, exit_code: 0, script_output: lines.join('\n'), script_errors: '' };
}
