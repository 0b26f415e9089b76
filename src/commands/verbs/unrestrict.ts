// `unrestrict <machine> <reason>`: lift the app execution restriction, behind approval by default.
import { parsed, readMachineAction, type ArgReader } from '../args.js';
import { declareVerb } from '../declaration.js';
import type { ParseResult } from '../types.js';

export const unrestrict = declareVerb({
  word: 'unrestrict',
  aliases: [],
  parse: (args: ArgReader): ParseResult => {
    const read = readMachineAction(args, unrestrict, []);
    return read.ok ? parsed({ verb: 'unrestrict', machine: read.machine, reason: read.reason }) : read;
  },
  role: 'responder',
  approvable: true,
  usage: 'unrestrict <machine> <reason>',
  summary: 'Lift the app execution restriction.',
  examples: ['unrestrict web-07 investigation closed'],
  runs: 'machine-action',
  menu: { priority: 14, scopes: ['team', 'groupChat'] },
});
