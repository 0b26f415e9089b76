// `actions <machine>`: the recent machine actions on a machine and their status.
import { machineFromRest, parsed, type ArgReader } from '../args.js';
import { declareVerb, type ParseResultOf } from '../declaration.js';
import { answerActions } from '../handlers/reads.js';
import type { MachineQuery } from '../types.js';

export type ActionsCommand = { readonly verb: 'actions'; readonly machine: MachineQuery };

export const actions = declareVerb<ActionsCommand>()({
  word: 'actions',
  aliases: [],
  parse: (args: ArgReader): ParseResultOf<ActionsCommand> => {
    const query = machineFromRest(args, actions);
    return query.ok ? parsed({ verb: 'actions', machine: query.value }) : query;
  },
  role: 'viewer',
  approvable: false,
  usage: 'actions <machine>',
  summary: 'Recent machine actions on a machine and their status.',
  examples: ['actions web-07'],
  runs: 'job',
  run: (context, command) =>
    answerActions(context.defender, command.machine, (resolution) =>
      context.pickFor ? context.pickFor(command, 'machine', resolution) : Promise.resolve(undefined),
    ),
  menu: { priority: 7, scopes: ['personal', 'team', 'groupChat'] },
});
