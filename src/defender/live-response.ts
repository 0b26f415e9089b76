// Live response (mde-api-response.md section 5): one RunScript of a library script, the link to a
// command's result and the result itself (fetched from its SAS URL without our token, parsed
// defensively), and the library's list of files.
import { z } from 'zod';
import { BotError } from '../core/errors.js';
import { machineActionPath, machinePath, type DefenderClient } from './client.js';
import { ENDPOINTS } from './endpoints.js';
import { collectionSchema, machineActionSchema, stringValueSchema, type MachineAction } from './types.js';

export const libraryFileSchema = z.looseObject({
  fileName: z.string(),
  description: z
    .string()
    .nullish()
    .transform((v) => v ?? null),
  hasParameters: z
    .boolean()
    .nullish()
    .transform((v) => v ?? false),
  parametersDescription: z
    .string()
    .nullish()
    .transform((v) => v ?? null),
});
export type LibraryFile = z.infer<typeof libraryFileSchema>;

/** Submits `RunScript` of a library script, with its arguments when there are any. */
export function runLiveResponseScript(
  client: DefenderClient,
  machineId: string,
  comment: string,
  script: { name: string; args?: string | undefined },
): Promise<MachineAction> {
  if (comment.trim().length === 0)
    throw new BotError('INVALID_INPUT', 'A reason is required for every machine action.');
  const params = [
    { key: 'ScriptName', value: script.name },
    ...(script.args === undefined || script.args === '' ? [] : [{ key: 'Args', value: script.args }]),
  ];
  return client.call({
    endpoint: ENDPOINTS.runLiveResponse,
    method: 'POST',
    path: `${machinePath(machineId)}/runliveresponse`,
    body: { Comment: comment, Commands: [{ type: 'RunScript', params }] },
    schema: machineActionSchema,
    callClass: 'action',
  });
}

/** A fresh SAS URL of command `index`'s result (valid 30 minutes). */
export async function liveResponseResultLink(
  client: DefenderClient,
  actionId: string,
  index = 0,
): Promise<string> {
  const result = await client.call({
    endpoint: ENDPOINTS.getLiveResponseResultLink,
    method: 'GET',
    path: `${machineActionPath(actionId)}/GetLiveResponseResultDownloadLink(index=${index})`,
    schema: stringValueSchema,
  });
  return result.value;
}

export async function listLibraryFiles(client: DefenderClient): Promise<LibraryFile[]> {
  const page = await client.call({
    endpoint: ENDPOINTS.listLibraryFiles,
    method: 'GET',
    path: 'api/libraryfiles',
    schema: collectionSchema(libraryFileSchema),
  });
  return page.value;
}

/** A RunScript's result as the bot shows it; `format` says when it was not MDE's documented JSON. */
export interface ScriptResult {
  scriptName: string | undefined;
  exitCode: number | undefined;
  output: string;
  errors: string;
  format: 'json' | 'text' | 'unreadable';
}

/** The most of a result the bot reads; more is cut (the requester is told). */
export const MAX_RESULT_BYTES = 5 * 1024 * 1024;

/** Fetches a result from its SAS URL: no bearer token (the signature is the credential). */
export async function fetchScriptResult(
  url: string,
  options: { fetch?: typeof fetch; timeoutMs?: number } = {},
): Promise<ScriptResult> {
  if (!/^https:\/\//i.test(url))
    throw new BotError('INVALID_INPUT', 'Defender gave a result link that is not HTTPS.');
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
  } catch (error) {
    throw new BotError('TRANSIENT', 'The script’s output could not be downloaded; the bot will retry.', {
      cause: error,
    });
  }
  if (!response.ok) {
    const code = response.status >= 500 ? 'TRANSIENT' : 'NOT_FOUND';
    throw new BotError(code, `The script’s output could not be downloaded (HTTP ${response.status}).`);
  }
  const bytes = Buffer.from(await response.arrayBuffer()).subarray(0, MAX_RESULT_BYTES);
  return parseScriptResult(bytes);
}

const resultSchema = z.looseObject({
  script_name: z.unknown().optional(),
  exit_code: z.unknown().optional(),
  script_output: z.unknown().optional(),
  script_errors: z.unknown().optional(),
});

const asText = (value: unknown): string =>
  typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value);

/** MDE documents JSON; other shapes (a ZIP, plain text) are reported, never trusted. */
export function parseScriptResult(bytes: Buffer): ScriptResult {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  try {
    const parsed = resultSchema.safeParse(JSON.parse(text));
    if (parsed.success) {
      const { script_name, exit_code, script_output, script_errors } = parsed.data;
      const exit = typeof exit_code === 'number' ? exit_code : Number(exit_code);
      return {
        scriptName: typeof script_name === 'string' ? script_name : undefined,
        exitCode: exit_code === undefined || exit_code === null || !Number.isFinite(exit) ? undefined : exit,
        output: asText(script_output),
        errors: asText(script_errors),
        format: 'json',
      };
    }
  } catch {
    // Not JSON: below.
  }
  // A ZIP (PK\x03\x04) or other binary is not shown as text.
  const binary = bytes.subarray(0, 4).toString('latin1') === 'PK\u0003\u0004' || text.includes('\u0000');
  return binary
    ? { scriptName: undefined, exitCode: undefined, output: '', errors: '', format: 'unreadable' }
    : { scriptName: undefined, exitCode: undefined, output: text, errors: '', format: 'text' };
}
