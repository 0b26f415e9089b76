// The typed commands the grammar produces: one variant per verb of DESIGN.md section 3.
import type { MachineActionVerb, ReadVerb, Verb } from './registry.js';

export const SEVERITIES = ['high', 'medium', 'low', 'informational'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SCAN_TYPES = ['quick', 'full'] as const;
export type ScanType = (typeof SCAN_TYPES)[number];
export const ISOLATION_TYPES = ['full', 'selective'] as const;
export type IsolationType = (typeof ISOLATION_TYPES)[number];

/** A machine id, DNS name, short host name or IP exactly as typed; lookup decides which. */
export type MachineQuery = string;

export type Command =
  | { verb: 'help'; topic?: Verb }
  | { verb: 'whoami' }
  | { verb: 'machine'; query: MachineQuery }
  | { verb: 'alerts'; severity?: Severity; windowHours?: number }
  | { verb: 'actions'; machine: MachineQuery }
  | { verb: 'status'; actionId: string }
  | { verb: 'scan'; machine: MachineQuery; scanType: ScanType; reason: string }
  | { verb: 'collect'; machine: MachineQuery; reason: string }
  | { verb: 'isolate'; machine: MachineQuery; isolationType: IsolationType; reason: string }
  | { verb: 'release'; machine: MachineQuery; reason: string }
  | { verb: 'restrict'; machine: MachineQuery; reason: string }
  | { verb: 'unrestrict'; machine: MachineQuery; reason: string }
  | { verb: 'subscribe'; severity?: Severity }
  | { verb: 'unsubscribe' }
  | { verb: 'login' }
  | { verb: 'logout' };

export type CommandOf<V extends Verb> = Extract<Command, { verb: V }>;

/** The machine actions, by their declared run tag; each needs a reason, which MDE records as the action's comment. */
export type MachineActionCommand = CommandOf<MachineActionVerb>;
/** The lookups a read job runs, by their declared run tag. */
export type ReadCommand = CommandOf<ReadVerb>;

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

export type ParseResult = { ok: true; command: Command } | { ok: false; error: ParseError };

// The Command union and the registry must name the same verbs; this fails to compile otherwise.
type SameVerbs<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type CommandVerbsMatchRegistry = Assert<SameVerbs<Command['verb'], Verb>>;
// Every machine action carries the reason MDE records; a variant with a reason is not thereby an action.
export type MachineActionsHaveReasons = Assert<
  MachineActionCommand extends { reason: string } ? true : false
>;
