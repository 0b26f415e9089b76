// `actions <machine>`: the recent machine actions on a machine and their status.
import { machineFromRest, parsed, type ArgReader } from '../args.js';
import { declareVerb } from '../declaration.js';
import type { ParseResult } from '../types.js';

export const actions = declareVerb({
  word: 'actions',
  aliases: [],
  parse: (args: ArgReader): ParseResult => {
    const query = machineFromRest(args, actions);
    return query.ok ? parsed({ verb: 'actions', machine: query.value }) : query;
  },
  role: 'viewer',
  approvable: false,
  usage: 'actions <machine>',
  summary: 'Recent machine actions on a machine and their status.',
  examples: ['actions web-07'],
  runs: 'read',
  menu: { priority: 7, scopes: ['personal', 'team', 'groupChat'] },
});
