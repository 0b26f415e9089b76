// One small parser per verb: reads the arguments after the verb into that verb's Command.
import { isVerb, type Verb } from '../authz/index.js';
import {
  type ArgReader,
  checkActionId,
  checkMachine,
  checkSeverity,
  checkWindow,
  extraArguments,
  failure,
  machineFromRest,
  missingMachine,
  reasonFromRest,
} from './args.js';
import { usageOf } from './catalogue.js';
import { unknownVerb } from './unknown.js';
import {
  ISOLATION_TYPES,
  SCAN_TYPES,
  type Command,
  type ParseError,
  type ParseResult,
  type Severity,
} from './types.js';

type VerbParser = (args: ArgReader) => ParseResult;

const ok = (command: Command): ParseResult => ({ ok: true, command });

function noArguments(verb: 'whoami' | 'unsubscribe' | 'login' | 'logout'): VerbParser {
  return (args) =>
    args.atEnd()
      ? ok({ verb })
      : failure('EXTRA_ARGUMENT', `\`${verb}\` takes no arguments: just type \`${verb}\`.`);
}

function lookup(verb: 'machine' | 'actions'): VerbParser {
  return (args) => {
    const machine = machineFromRest(args, verb);
    if (!machine.ok) return machine;
    return ok(verb === 'machine' ? { verb, query: machine.value } : { verb, machine: machine.value });
  };
}

/** Reads `<machine> [type] <reason>`; without `types` there is no type word. */
function readMachineAction<T extends string>(
  args: ArgReader,
  verb: Verb,
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

function plainAction(verb: 'collect' | 'release' | 'restrict' | 'unrestrict'): VerbParser {
  return (args) => {
    const read = readMachineAction(args, verb, []);
    return read.ok ? ok({ verb, machine: read.machine, reason: read.reason }) : read;
  };
}

function scan(args: ArgReader): ParseResult {
  const read = readMachineAction(args, 'scan', SCAN_TYPES);
  if (!read.ok) return read;
  return ok({ verb: 'scan', machine: read.machine, scanType: read.type ?? 'quick', reason: read.reason });
}

function isolate(args: ArgReader): ParseResult {
  const read = readMachineAction(args, 'isolate', ISOLATION_TYPES);
  if (!read.ok) return read;
  return ok({
    verb: 'isolate',
    machine: read.machine,
    isolationType: read.type ?? 'full',
    reason: read.reason,
  });
}

function alerts(args: ArgReader): ParseResult {
  let severity: Severity | undefined;
  let windowHours: number | undefined;
  for (let read = args.next(); read !== undefined; read = args.next()) {
    if (!read.ok) return read;
    const word = read.token.value;
    const window = checkWindow(word);
    if (window && !window.ok) return window;
    if (window && windowHours === undefined) {
      windowHours = window.value;
      continue;
    }
    if (!window && severity === undefined) {
      const checked = checkSeverity(word);
      if (!checked.ok) return checked;
      severity = checked.value;
      continue;
    }
    return extraArguments('alerts');
  }
  return ok({ verb: 'alerts', ...(severity && { severity }), ...(windowHours && { windowHours }) });
}

function status(args: ArgReader): ParseResult {
  const read = args.next();
  if (read === undefined) return failure('MISSING_ARGUMENT', `Which action? \`${usageOf('status')}\``);
  if (!read.ok) return read;
  const actionId = checkActionId(read.token.value.trim());
  if (!actionId.ok) return actionId;
  return args.atEnd() ? ok({ verb: 'status', actionId: actionId.value }) : extraArguments('status');
}

function subscribe(args: ArgReader): ParseResult {
  const read = args.next();
  if (read === undefined) return ok({ verb: 'subscribe' });
  if (!read.ok) return read;
  const severity = checkSeverity(read.token.value);
  if (!severity.ok) return severity;
  return args.atEnd() ? ok({ verb: 'subscribe', severity: severity.value }) : extraArguments('subscribe');
}

function help(args: ArgReader): ParseResult {
  const read = args.next();
  if (read === undefined) return ok({ verb: 'help' });
  if (!read.ok) return read;
  const topic = read.token.value.toLowerCase();
  if (!isVerb(topic)) return unknownVerb(read.token.value);
  return args.atEnd() ? ok({ verb: 'help', topic }) : extraArguments('help');
}

export const VERB_PARSERS: Readonly<Record<Verb, VerbParser>> = {
  help,
  whoami: noArguments('whoami'),
  machine: lookup('machine'),
  alerts,
  actions: lookup('actions'),
  status,
  scan,
  collect: plainAction('collect'),
  isolate,
  release: plainAction('release'),
  restrict: plainAction('restrict'),
  unrestrict: plainAction('unrestrict'),
  subscribe,
  unsubscribe: noArguments('unsubscribe'),
  login: noArguments('login'),
  logout: noArguments('logout'),
};
