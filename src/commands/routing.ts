// How a parsed command runs, from its verb's declared run tag and nothing else: dispatch and the
// worker both route through here, so a verb runs only the way its declaration says.
import type { JobAnswer, JobContext } from './declaration.js';
import { declarationOf, isRunTag, type ImmediateVerb } from './registry.js';
import type { Command, CommandOf, JobCommand, MachineActionCommand } from './types.js';

export type ImmediateCommand = CommandOf<ImmediateVerb>;

/** A command with the way it runs; exactly one per run tag. */
export type RoutedCommand =
  | { runs: 'immediate'; command: ImmediateCommand }
  | { runs: 'job'; command: JobCommand; run: (context: JobContext) => Promise<JobAnswer> }
  | { runs: 'machine-action'; command: MachineActionCommand };

/** A command whose verb is unregistered or declares no known run tag: never run, never queued. */
export class UnroutableCommandError extends Error {
  override readonly name = 'UnroutableCommandError';
  constructor(
    readonly verb: string,
    readonly runs: unknown,
  ) {
    super(
      `the command "${verb}" cannot be run: its declared run tag ${JSON.stringify(runs) ?? 'undefined'} is not immediate, job (with its run) or machine-action`,
    );
  }
}

/** Throws UnroutableCommandError for a verb that is not registered or whose run tag is unknown. */
export function routeCommand(command: Command): RoutedCommand {
  let declaration: ReturnType<typeof declarationOf>;
  try {
    declaration = declarationOf(command.verb);
  } catch {
    throw new UnroutableCommandError(command.verb, undefined);
  }
  const runs: unknown = declaration.runs;
  if (!isRunTag(runs)) throw new UnroutableCommandError(command.verb, runs);
  // The declarations type these casts: the verbs of each run tag are derived from the same `runs` field.
  switch (runs) {
    case 'immediate':
      return { runs, command: command as ImmediateCommand };
    case 'job': {
      const run = declaration.run?.bind(declaration);
      if (typeof run !== 'function') throw new UnroutableCommandError(command.verb, 'job without a run');
      const job = command as JobCommand;
      // The verb's own job, given the command its own parser produced.
      return { runs, command: job, run: (context) => run(context, job) };
    }
    case 'machine-action':
      return { runs, command: command as MachineActionCommand };
    default:
      return unreachable(runs, command.verb);
  }
}

/** The same check for a command job: its verb must still run as a job; gives the job to run. */
export function expectJob(command: Command): Extract<RoutedCommand, { runs: 'job' }> {
  const routed = routeCommand(command);
  if (routed.runs !== 'job')
    throw new UnroutableCommandError(command.verb, `${routed.runs} (a command job needs job)`);
  return routed;
}

/** The same check for a start-action job's command: its verb must still run as a machine action. */
export function expectMachineAction(command: Command): MachineActionCommand {
  const routed = routeCommand(command);
  if (routed.runs !== 'machine-action')
    throw new UnroutableCommandError(
      command.verb,
      `${routed.runs} (a start-action job needs machine-action)`,
    );
  return routed.command;
}

function unreachable(runs: never, verb: string): never {
  throw new UnroutableCommandError(verb, runs);
}
