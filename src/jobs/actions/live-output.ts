// A finished `run`: its output read through the result link (a fresh SAS URL, fetched without our
// token) and sent to the requester alone — the first lines on a private card, the whole output as a
// file in their direct messages on Slack, and on Teams behind a signed, expiring link only their Entra
// account opens (the hunts' download route; without PUBLIC_URL, a note that it was cut). Never to the
// channel.
import type { Queue } from 'bullmq';
import { BotError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { OutgoingMessage } from '../../core/interaction.js';
import {
  fetchScriptResult,
  liveResponseResultLink,
  type DefenderClient,
  type MachineAction,
  type ScriptResult,
} from '../../defender/index.js';
import type { HuntCsvLinks } from '../hunt-csv-links.js';
import { jobIdFor } from '../job-ids.js';
import type { MachineActionJob, NotifyJob } from '../types.js';

/** Lines and characters shown on the card; the rest goes to a file (Slack) or is cut (Teams). */
export const INLINE_LINES = 15;
export const INLINE_CHARS = 2_500;

export interface LiveOutputDeps {
  defender: DefenderClient;
  notify: Pick<Queue<NotifyJob>, 'add'>;
  logger: Logger;
  /** Where results are fetched from their SAS URL (tests); default: global fetch. */
  fetchResult?: typeof fetch;
  /** Teams' download links (signed, expiring, for one Entra account); absent without PUBLIC_URL. */
  outputLinks?: Pick<HuntCsvLinks, 'put'>;
}

/** The script line as cards show it: `collect-logs.ps1 "-Hours 4"`. */
export const scriptLine = (script: string | undefined, args: string | undefined): string =>
  `${script ?? '(unknown script)'}${args ? ` "${args}"` : ''}`;

export interface OutputView {
  exitCode?: number;
  output?: string;
  outputNote?: string;
}

/**
 * Reads the result of a succeeded `run`. A failure that retrying cannot fix becomes a note for the
 * requester; a transient one is thrown, so the job retries (nothing has been sent yet).
 */
export async function readRunOutput(
  deps: LiveOutputDeps,
  action: MachineAction,
): Promise<{ result: ScriptResult } | { note: string }> {
  try {
    const url = await liveResponseResultLink(deps.defender, action.id, 0);
    return { result: await fetchScriptResult(url, deps.fetchResult ? { fetch: deps.fetchResult } : {}) };
  } catch (error) {
    if (error instanceof BotError && error.retryable) throw error;
    deps.logger.warn({ err: error, actionId: action.id }, 'live response output not readable');
    const why = error instanceof BotError ? error.userMessage : 'the bot could not read it';
    return { note: `The script’s output could not be read (${why}); see the action in the Defender portal.` };
  }
}

/** Splits the output into what the card shows and whether more exists. */
export function inlinePart(text: string): { shown: string; cut: boolean; lines: number } {
  const lines = text.replace(/\r\n/g, '\n').replace(/\n+$/, '').split('\n');
  let shown = lines.slice(0, INLINE_LINES).join('\n');
  if (shown.length > INLINE_CHARS) shown = `${shown.slice(0, INLINE_CHARS)}…`;
  const cut = lines.length > INLINE_LINES || shown.endsWith('…');
  return { shown, cut, lines: lines.length };
}

/**
 * Sends the output to the requester alone: `card` draws the private card (the action's status card
 * with the output). On Slack a longer output follows as a file in the requester's direct messages.
 */
export async function sendRunOutput(
  deps: LiveOutputDeps,
  data: MachineActionJob,
  read: { result: ScriptResult } | { note: string },
  card: (view: OutputView) => OutgoingMessage,
): Promise<void> {
  const { actor, conversation, correlationId } = data.requester;
  const slack = actor.platform === 'slack';
  let view: OutputView;
  let file: string | undefined;
  if ('note' in read) view = { outputNote: read.note };
  else {
    const { result } = read;
    const full = [result.output, result.errors ? `--- errors ---\n${result.errors}` : '']
      .filter(Boolean)
      .join('\n');
    if (result.format === 'unreadable')
      view = {
        outputNote:
          'The result is not text the bot can show (not the documented JSON); see the Defender portal.',
      };
    else if (full.trim() === '') view = { output: '(no output)' };
    else {
      const { shown, cut, lines } = inlinePart(full);
      view = { output: shown };
      if (cut && slack) {
        file = full;
        view.outputNote = `The first lines of ${lines}; the whole output is in the file sent to you in a direct message.`;
      } else if (cut && deps.outputLinks && actor.aadObjectId) {
        const link = await deps.outputLinks.put(
          { filename: outputFilename(data), content: full },
          actor.aadObjectId,
        );
        view.outputNote = `The first lines of ${lines}; [the whole output](${link.url}) opens for you alone (sign in with your Entra account) until ${link.expiresAt}.`;
      } else if (cut)
        view.outputNote = `The first lines of ${lines} are shown; the rest is cut here. The whole output is with the action in the Defender portal (Action center).`;
    }
    if (result.exitCode !== undefined) view.exitCode = result.exitCode;
  }
  await deps.notify.add(
    'private',
    { op: 'private', conversation, user: actor, message: card(view), correlationId },
    { jobId: jobIdFor('run-output', correlationId) },
  );
  if (file !== undefined) {
    await deps.notify.add(
      'upload',
      {
        op: 'upload',
        conversation,
        user: actor,
        file: {
          filename: outputFilename(data),
          title: `Output of ${data.action.script ?? 'the script'} on ${data.action.machineName}`,
          content: file,
        },
        correlationId,
      },
      { jobId: jobIdFor('run-output-file', correlationId) },
    );
  }
}

/** `collect-logs.ps1-web-07-output.txt`: the script and the machine, safe as a file name. */
function outputFilename(data: MachineActionJob): string {
  const name = (data.action.script ?? 'script').replace(/[^A-Za-z0-9._-]/g, '_');
  return `${name}-${data.action.machineName.split('.')[0] ?? 'machine'}-output.txt`;
}
