// `release <machine> <reason>`: release from isolation, behind approval by default.
import { parsed, readMachineAction, type ArgReader } from '../args.js';
import { declareVerb, type ParseResultOf } from '../declaration.js';
import type { MachineQuery } from '../types.js';

export type ReleaseCommand = {
  readonly verb: 'release';
  readonly machine: MachineQuery;
  readonly reason: string;
};

export const release = declareVerb<ReleaseCommand>()({
  word: 'release',
  aliases: [],
  parse: (args: ArgReader): ParseResultOf<ReleaseCommand> => {
    const read = readMachineAction(args, release, []);
    return read.ok ? parsed({ verb: 'release', machine: read.machine, reason: read.reason }) : read;
  },
  role: 'responder',
  approvable: true,
  usage: 'release <machine> <reason>',
  summary: 'Release a machine from isolation.',
  examples: ['release web-07 reimaged and clean'],
  runs: 'machine-action',
  action: {
    type: 'Unisolate',
    title: 'Release from isolation',
    submit: (client, target, comment) => client.unisolate(target.machineId, comment),
  },
  menu: { priority: 12, scopes: ['personal', 'team', 'groupChat'] },
});
