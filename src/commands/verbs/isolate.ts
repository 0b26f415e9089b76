// `isolate <machine> [full|selective] <reason>`: network isolation, behind approval by default.
import { parsed, readMachineAction, type ArgReader } from '../args.js';
import { declareVerb } from '../declaration.js';
import { ISOLATION_TYPES, type ParseResult } from '../types.js';

export const isolate = declareVerb({
  word: 'isolate',
  aliases: [],
  parse: (args: ArgReader): ParseResult => {
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
  menu: { priority: 11, scopes: ['personal', 'team', 'groupChat'] },
});
