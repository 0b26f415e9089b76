// How a parsed command runs, from its verb's declared run tag and nothing else: dispatch and the
// worker both route through here, so a verb runs only the way its declaration says.
import { declarationOf, isRunTag, type ImmediateVerb } from './registry.js';
import type { Command, CommandOf, MachineActionCommand, ReadCommand } from './types.js';

export type ImmediateCommand = CommandOf<ImmediateVerb>;

/** A command with the way it runs; exactly one per run tag. */
export type RoutedCommand =
  | { runs: 'immediate'; command: ImmediateCommand }
  | { runs: 'read'; command: ReadCommand }
  | { runs: 'machine-action'; command: MachineActionCommand };

/** A command whose verb is unregistered or declares no known run tag: never run, never queued. */
export class UnroutableCommandError extends Error {
  override readonly name = 'UnroutableCommandError';
  constructor(
    readonly verb: string,
    readonly runs: unknown,
  ) {
    super(
      `the command "${verb}" cannot be run: its declared run tag ${JSON.stringify(runs) ?? 'undefined'} is not immediate, read or machine-action`,
    );
  }
}

/** Throws UnroutableCommandError for a verb that is not registered or whose run tag is unknown. */
export function routeCommand(command: Command): RoutedCommand {
  let runs: unknown;
  try {
    runs = declarationOf(command.verb).runs;
  } catch {
    throw new UnroutableCommandError(command.verb, undefined);
  }
  if (!isRunTag(runs)) throw new UnroutableCommandError(command.verb, runs);
  // The declarations type these casts: the verbs of each run tag are derived from the same `runs` field.
  switch (runs) {
    case 'immediate':
      return { runs, command: command as ImmediateCommand };
    case 'read':
      return { runs, command: command as ReadCommand };
    case 'machine-action':
      return { runs, command: command as MachineActionCommand };
    default:
      return unreachable(runs, command.verb);
  }
}

/** The same check for a read job's command: its verb must still run as a read. */
export function expectRead(command: Command): ReadCommand {
  const routed = routeCommand(command);
  if (routed.runs !== 'read')
    throw new UnroutableCommandError(command.verb, `${routed.runs} (a read job needs read)`);
  return routed.command;
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
