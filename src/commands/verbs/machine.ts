// `machine <name|id|ip>`: a machine card; several matches give a pick list; `machine <prefix>*` searches
// names; a short name that matches nothing is answered with close names.
import { machineFromRest, parsed, type ArgReader } from '../args.js';
import { declareVerb, type ParseResultOf } from '../declaration.js';
import { answerMachine } from '../handlers/reads.js';
import type { MachineQuery } from '../types.js';

export type MachineCommand = { readonly verb: 'machine'; readonly query: MachineQuery };

export const machine = declareVerb<MachineCommand>()({
  word: 'machine',
  aliases: [],
  parse: (args: ArgReader): ParseResultOf<MachineCommand> => {
    const query = machineFromRest(args, machine);
    return query.ok ? parsed({ verb: 'machine', query: query.value }) : query;
  },
  role: 'viewer',
  approvable: false,
  usage: 'machine <name|id|ip>',
  summary:
    'Show a machine: health, risk, exposure, last seen. A name ending in * lists the machines whose name starts so.',
  examples: ['machine web-07', 'machine 10.1.2.3', 'machine web*'],
  runs: 'job',
  run: ({ defender }, command) => answerMachine(defender, command.query),
  menu: { priority: 5, scopes: ['personal', 'team', 'groupChat'] },
});
