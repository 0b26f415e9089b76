// `collect <machine> <reason>`: an investigation package, with a link when done.
import { parsed, readMachineAction, type ArgReader } from '../args.js';
import { declareVerb, type ParseResultOf } from '../declaration.js';
import type { MachineQuery } from '../types.js';

export type CollectCommand = {
  readonly verb: 'collect';
  readonly machine: MachineQuery;
  readonly reason: string;
};

export const collect = declareVerb<CollectCommand>()({
  word: 'collect',
  aliases: [],
  parse: (args: ArgReader): ParseResultOf<CollectCommand> => {
    const read = readMachineAction(args, collect, []);
    return read.ok ? parsed({ verb: 'collect', machine: read.machine, reason: read.reason }) : read;
  },
  role: 'responder',
  approvable: false,
  usage: 'collect <machine> <reason>',
  summary: 'Collect an investigation package; a link when done.',
  examples: ['collect web-07 incident 4711 triage'],
  runs: 'machine-action',
  action: {
    type: 'CollectInvestigationPackage',
    title: 'Collect investigation package',
    submit: (client, target, comment) => client.collectInvestigationPackage(target.machineId, comment),
  },
  menu: { priority: 10, scopes: ['personal'] },
});
