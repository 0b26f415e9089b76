// `run <machine> <script> ["<args>"] <reason>`: live response RunScript of an allow-listed library
// script, behind approval by default; the output goes to the requester alone.
import { checkMachine, failure, missingMachine, parsed, reasonFromRest, type ArgReader } from '../args.js';
import { declareVerb, type ParseResultOf } from '../declaration.js';
import { runLiveResponseScript } from '../../defender/index.js';
import { SCRIPT_NAME, scriptRefusal } from '../live-response/allow-list.js';
import { hasUnsafeTextChars } from '../text.js';
import type { MachineQuery } from '../types.js';

export type RunCommand = {
  readonly verb: 'run';
  readonly machine: MachineQuery;
  readonly script: string;
  readonly args?: string;
  readonly reason: string;
};

/** MDE takes Args as one string; a longer one is surely a mistake. */
export const MAX_SCRIPT_ARGS = 1000;

function parseRun(args: ArgReader): ParseResultOf<RunCommand> {
  const first = args.next();
  if (first === undefined) return missingMachine(run);
  if (!first.ok) return first;
  const machine = checkMachine(first.token.value, run);
  if (!machine.ok) return machine;
  const second = args.next();
  if (second === undefined) return failure('MISSING_ARGUMENT', `Which script? \`${run.usage}\``);
  if (!second.ok) return second;
  const script = second.token.value;
  if (!SCRIPT_NAME.test(script))
    return failure(
      'INVALID_ARGUMENT',
      'A script is a library file name (letters, digits, -, _ and . only), e.g. collect-logs.ps1.',
    );
  // A quoted word right after the script is always its arguments (a reason must follow): never a guess
  // that turns forgotten arguments into the reason, or a quoted reason into arguments.
  const third = args.peek();
  let scriptArgs: string | undefined;
  if (third?.ok && third.token.quoted) {
    args.next();
    scriptArgs = third.token.value.trim();
    if (hasUnsafeTextChars(scriptArgs) || scriptArgs.length > MAX_SCRIPT_ARGS)
      return failure(
        'INVALID_ARGUMENT',
        `The script’s arguments must be plain text of at most ${MAX_SCRIPT_ARGS} characters.`,
      );
  }
  const reason = reasonFromRest(args, run);
  if (!reason.ok) return reason;
  return parsed({
    verb: 'run',
    machine: machine.value,
    script,
    ...(scriptArgs ? { args: scriptArgs } : {}),
    reason: reason.value,
  });
}

export const run = declareVerb<RunCommand>()({
  word: 'run',
  aliases: [],
  parse: parseRun,
  role: 'responder',
  approvable: true,
  usage: 'run <machine> <script> ["<args>"] <reason>',
  summary: 'Run an allow-listed live response library script; the output goes to you alone.',
  examples: ['run web-07 collect-logs.ps1 "-Hours 4" incident 4711 triage'],
  runs: 'machine-action',
  refuse: (command, rbac) => scriptRefusal(rbac, command.script),
  action: {
    type: 'LiveResponse',
    title: 'Run live response script',
    submit: (client, target, comment) =>
      runLiveResponseScript(client, target.machineId, comment, {
        name: target.script ?? '',
        args: target.args,
      }),
  },
  menu: { priority: 30, scopes: ['personal'] },
});
