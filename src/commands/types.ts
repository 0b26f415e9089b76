// The typed commands the grammar produces: each verb module declares its own; this names their union.
import type { ParseResultOf } from './declaration.js';
import type { DeclaredCommand, JobVerb, MachineActionVerb, Verb } from './registry.js';

/** A machine id, DNS name, short host name or IP exactly as typed; lookup decides which. */
export type MachineQuery = string;

/** Every command the grammar produces: the union of what each registered verb parses to. */
export type Command = DeclaredCommand;

export type CommandOf<V extends Verb> = Extract<Command, { verb: V }>;

/** The machine actions, by their declared run tag; each needs a reason, which MDE records as the action's comment. */
export type MachineActionCommand = CommandOf<MachineActionVerb>;
/** The commands the worker runs as a job with their verb's own `run`, by their declared run tag. */
export type JobCommand = CommandOf<JobVerb>;

export type ParseErrorCode =
  | 'EMPTY'
  | 'TOO_LONG'
  | 'UNKNOWN_VERB'
  | 'UNTERMINATED_QUOTE'
  | 'MISSING_ARGUMENT'
  | 'MISSING_REASON'
  | 'INVALID_ARGUMENT'
  | 'EXTRA_ARGUMENT';

export interface ParseError {
  code: ParseErrorCode;
  /** Written for the chat user; short, and quotes at most a short excerpt of what they typed. */
  message: string;
}

export type ParseResult = ParseResultOf<Command>;

// Every registered verb parses to a command naming it; this fails to compile otherwise.
type SameVerbs<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type CommandVerbsMatchRegistry = Assert<SameVerbs<Command['verb'], Verb>>;
// Every machine action carries the reason MDE records; a variant with a reason is not thereby an action.
export type MachineActionsHaveReasons = Assert<
  MachineActionCommand extends { reason: string } ? true : false
>;
