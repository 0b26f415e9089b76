// `machine <name|id|ip>`: a machine card; several matches give a pick list.
import { machineFromRest, parsed, type ArgReader } from '../args.js';
import { declareVerb } from '../declaration.js';
import type { ParseResult } from '../types.js';

export const machine = declareVerb({
  word: 'machine',
  aliases: [],
  parse: (args: ArgReader): ParseResult => {
    const query = machineFromRest(args, machine);
    return query.ok ? parsed({ verb: 'machine', query: query.value }) : query;
  },
  role: 'viewer',
  approvable: false,
  usage: 'machine <name|id|ip>',
  summary: 'Show a machine: health, risk, exposure, last seen.',
  examples: ['machine web-07', 'machine 10.1.2.3'],
  runs: 'read',
  menu: { priority: 5, scopes: ['personal', 'team', 'groupChat'] },
});
