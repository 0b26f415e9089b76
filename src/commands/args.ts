// Reading and checking the arguments after the verb: a cursor over the text, plus one check per
// kind of argument (machine, reason, severity, time window, action id), each returning a value.
import type { Verb } from './registry.js';
import { readToken, skipSpace, unquoteRest, type TokenRead } from './tokenize.js';
import type { ParseFailure } from './declaration.js';
import { SEVERITIES, type Severity } from '../core/vocabulary.js';
import type { ParseError, ParseErrorCode } from './types.js';
import {
  MAX_MACHINE_LENGTH,
  MAX_TEXT_LENGTH,
  collapseWhitespace,
  excerpt,
  hasInvisibleOrControl,
  hasUnsafeTextChars,
} from './text.js';

/**
 * What an argument check quotes back to the user: the verb's word and usage line. Verb modules pass
 * their own declaration, so this module needs nothing from the registry.
 */
export interface VerbText {
  readonly word: string;
  readonly usage: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: ParseError };

export function failure(code: ParseErrorCode, message: string): { ok: false; error: ParseError } {
  return { ok: false, error: { code, message } };
}

/**
 * What an argument parser may ask about the verb set (`help <command>` names a verb). The parser hands
 * it in, so verb modules never import the registry that imports them.
 */
export interface VerbBook {
  isVerb(word: string): word is Verb;
  /** The "unknown command" answer for `word`, with a did-you-mean where one is close. */
  unknown(word: string): ParseFailure;
}

export class ArgReader {
  constructor(
    private readonly text: string,
    private pos: number,
    readonly verbs: VerbBook,
  ) {}

  peek(): TokenRead | undefined {
    return readToken(this.text, this.pos);
  }

  next(): TokenRead | undefined {
    const read = this.peek();
    if (read?.ok) this.pos = read.end;
    return read;
  }

  /** Everything not read yet, as typed. */
  rest(): string {
    const rest = this.text.slice(this.pos);
    this.pos = this.text.length;
    return rest;
  }

  atEnd(): boolean {
    return skipSpace(this.text, this.pos) >= this.text.length;
  }
}

export function missingMachine(verb: VerbText): { ok: false; error: ParseError } {
  return failure('MISSING_ARGUMENT', `Which machine? \`${verb.usage}\``);
}

export function checkMachine(value: string, verb: VerbText): Parsed<string> {
  const machine = collapseWhitespace(value);
  if (machine === '') return missingMachine(verb);
  if (hasInvisibleOrControl(value.trim())) {
    return failure(
      'INVALID_ARGUMENT',
      'The machine name contains control or invisible characters. Type it again without them.',
    );
  }
  if (machine.length > MAX_MACHINE_LENGTH) {
    return failure(
      'INVALID_ARGUMENT',
      `That machine name is longer than ${MAX_MACHINE_LENGTH} characters. Use the MDE machine id, DNS name, host name or IP.`,
    );
  }
  return { ok: true, value: machine };
}

/** A machine given as the rest of the line (`machine`, `actions`): spaces and apostrophes are kept. */
export function machineFromRest(args: ArgReader, verb: VerbText): Parsed<string> {
  const rest = unquoteRest(args.rest());
  return rest.ok ? checkMachine(rest.value, verb) : rest;
}

export function reasonFromRest(args: ArgReader, verb: VerbText): Parsed<string> {
  const rest = unquoteRest(args.rest());
  return rest.ok ? checkReason(rest.value, verb) : rest;
}

/**
 * A machine action's reason, typed or from a form: whitespace collapsed, not empty, no control
 * characters, no longer than a whole command may be.
 */
export function checkReason(value: string, verb: VerbText): Parsed<string> {
  const reason = collapseWhitespace(value);
  if (reason === '') return failure('MISSING_REASON', `A reason is required: \`${verb.usage}\``);
  if (hasUnsafeTextChars(reason)) {
    return failure(
      'INVALID_ARGUMENT',
      'The reason contains control characters. Type it again as plain text.',
    );
  }
  if (reason.length > MAX_TEXT_LENGTH)
    return failure('INVALID_ARGUMENT', `A reason may have at most ${MAX_TEXT_LENGTH} characters.`);
  return { ok: true, value: reason };
}

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

export function checkSeverity(value: string): Parsed<Severity> {
  const lower = value.toLowerCase();
  if (isSeverity(lower)) return { ok: true, value: lower };
  return failure(
    'INVALID_ARGUMENT',
    `Unknown severity \`${excerpt(value)}\`. Use one of: ${SEVERITIES.join(', ')}.`,
  );
}

export const MAX_WINDOW_HOURS = 720;

/** `<N>h` with 1 <= N <= 720; undefined when the word is not shaped like a window at all. */
export function checkWindow(value: string): Parsed<number> | undefined {
  const match = /^(\d+)(h?)$/i.exec(value);
  if (!match) return undefined;
  const hours = Number(match[1]);
  if (match[2] === '')
    return failure('INVALID_ARGUMENT', `Write the time window with an h, e.g. \`alerts ${hours}h\`.`);
  if (hours < 1 || hours > MAX_WINDOW_HOURS) {
    return failure(
      'INVALID_ARGUMENT',
      `The time window must be between 1h and ${MAX_WINDOW_HOURS}h (30 days).`,
    );
  }
  return { ok: true, value: hours };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function checkActionId(value: string, verb: VerbText): Parsed<string> {
  if (GUID.test(value)) return { ok: true, value: value.toLowerCase() };
  return failure(
    'INVALID_ARGUMENT',
    `\`${excerpt(value)}\` is not an action id. Action ids are GUIDs like \`3f2b8a7c-0d1e-4f5a-9b6c-7d8e9f0a1b2c\`: \`${verb.usage}\``,
  );
}

/** The refusal for words after a command that takes none (or no more). */
export function extraArguments(verb: VerbText): { ok: false; error: ParseError } {
  return failure('EXTRA_ARGUMENT', `Too many words for \`${verb.word}\`. Usage: \`${verb.usage}\``);
}

export const parsed = <C>(command: C): { ok: true; command: C } => ({ ok: true, command });

/** A verb that takes no arguments (`whoami`, `login`, …): its command is the verb alone. */
export function noArguments<W extends string>(
  args: ArgReader,
  verb: VerbText & { word: W },
): { ok: true; command: { verb: W } } | ParseFailure {
  return args.atEnd()
    ? parsed({ verb: verb.word })
    : failure('EXTRA_ARGUMENT', `\`${verb.word}\` takes no arguments: just type \`${verb.word}\`.`);
}

/** Reads `<machine> [type] <reason>`; without `types` there is no type word. */
export function readMachineAction<T extends string>(
  args: ArgReader,
  verb: VerbText,
  types: readonly T[],
): { ok: true; machine: string; type: T | undefined; reason: string } | { ok: false; error: ParseError } {
  const first = args.next();
  if (first === undefined) return missingMachine(verb);
  if (!first.ok) return first;
  const machine = checkMachine(first.token.value, verb);
  if (!machine.ok) return machine;
  const second = args.peek();
  const type = second?.ok ? types.find((t) => t === second.token.value.toLowerCase()) : undefined;
  if (type !== undefined) args.next();
  const reason = reasonFromRest(args, verb);
  return reason.ok ? { ok: true, machine: machine.value, type, reason: reason.value } : reason;
}
