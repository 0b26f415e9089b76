// `restrict <machine> <reason>`: app execution restriction, behind approval by default.
import { parsed, readMachineAction, type ArgReader } from '../args.js';
import { declareVerb, type ParseResultOf } from '../declaration.js';
import type { MachineQuery } from '../types.js';

export type RestrictCommand = {
  readonly verb: 'restrict';
  readonly machine: MachineQuery;
  readonly reason: string;
};

export const restrict = declareVerb<RestrictCommand>()({
  word: 'restrict',
  aliases: [],
  parse: (args: ArgReader): ParseResultOf<RestrictCommand> => {
    const read = readMachineAction(args, restrict, []);
    return read.ok ? parsed({ verb: 'restrict', machine: read.machine, reason: read.reason }) : read;
  },
  role: 'responder',
  approvable: true,
  usage: 'restrict <machine> <reason>',
  summary: 'Allow only Microsoft-signed code to run.',
  examples: ['restrict web-07 unknown binaries running'],
  runs: 'machine-action',
  action: {
    type: 'RestrictCodeExecution',
    title: 'Restrict app execution',
    submit: (client, target, comment) => client.restrictCodeExecution(target.machineId, comment),
  },
  menu: { priority: 13, scopes: ['team', 'groupChat'] },
});
