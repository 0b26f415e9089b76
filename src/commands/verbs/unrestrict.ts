// `unrestrict <machine> <reason>`: lift the app execution restriction, behind approval by default.
import { parsed, readMachineAction, type ArgReader } from '../args.js';
import { declareVerb, type ParseResultOf } from '../declaration.js';
import type { MachineQuery } from '../types.js';

export type UnrestrictCommand = {
  readonly verb: 'unrestrict';
  readonly machine: MachineQuery;
  readonly reason: string;
};

export const unrestrict = declareVerb<UnrestrictCommand>()({
  word: 'unrestrict',
  aliases: [],
  parse: (args: ArgReader): ParseResultOf<UnrestrictCommand> => {
    const read = readMachineAction(args, unrestrict, []);
    return read.ok ? parsed({ verb: 'unrestrict', machine: read.machine, reason: read.reason }) : read;
  },
  role: 'responder',
  approvable: true,
  usage: 'unrestrict <machine> <reason>',
  summary: 'Lift the app execution restriction.',
  examples: ['unrestrict web-07 investigation closed'],
  runs: 'machine-action',
  action: {
    type: 'UnrestrictCodeExecution',
    title: 'Remove app restriction',
    submit: (client, target, comment) => client.unrestrictCodeExecution(target.machineId, comment),
  },
  menu: { priority: 14, scopes: ['team', 'groupChat'] },
});
