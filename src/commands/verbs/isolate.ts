// `isolate <machine> [full|selective] <reason>`: network isolation, behind approval by default.
import { checkReason, failure, parsed, readMachineAction, type ArgReader, type Parsed } from '../args.js';
import { MDE_ISOLATION_TYPE } from '../../defender/index.js';
import { declareVerb, type ParseResultOf } from '../declaration.js';
import { ISOLATION_TYPES, type IsolationType } from '../../core/vocabulary.js';
import type { MachineQuery } from '../types.js';

export type IsolateCommand = {
  readonly verb: 'isolate';
  readonly machine: MachineQuery;
  readonly isolationType: IsolationType;
  readonly reason: string;
};

export const isolate = declareVerb<IsolateCommand>()({
  word: 'isolate',
  aliases: [],
  parse: (args: ArgReader): ParseResultOf<IsolateCommand> => {
    const read = readMachineAction(args, isolate, ISOLATION_TYPES);
    if (!read.ok) return read;
    return parsed({
      verb: 'isolate',
      machine: read.machine,
      isolationType: read.type ?? 'full',
      reason: read.reason,
    });
  },
  role: 'responder',
  approvable: true,
  usage: 'isolate <machine> [full|selective] <reason>',
  summary: 'Isolate a machine from the network.',
  examples: ['isolate web-07 selective ransomware beaconing'],
  runs: 'machine-action',
  action: {
    type: 'Isolate',
    title: 'Isolate machine',
    submit: (client, target, comment) =>
      client.isolate(target.machineId, comment, MDE_ISOLATION_TYPE[target.isolationType ?? 'full']),
  },
  menu: { priority: 11, scopes: ['personal', 'team', 'groupChat'] },
});

/**
 * The machine card's "Request isolation…" form, checked as the typed command is: one of the type words
 * (none chosen: full) and the same reason rules. The machine is the card's, by its MDE id.
 */
export function isolateFromForm(
  machineId: string,
  values: Readonly<Record<string, string>>,
): Parsed<IsolateCommand> {
  const chosen = (values.isolationType ?? '').trim().toLowerCase();
  const isolationType = chosen === '' ? 'full' : ISOLATION_TYPES.find((type) => type === chosen);
  if (isolationType === undefined)
    return failure('INVALID_ARGUMENT', `Choose the isolation type: ${ISOLATION_TYPES.join(' or ')}.`);
  const reason = checkReason(values.reason ?? '', { word: 'isolate', usage: 'Request isolation…' });
  if (!reason.ok) return reason;
  return { ok: true, value: { verb: 'isolate', machine: machineId, isolationType, reason: reason.value } };
}
