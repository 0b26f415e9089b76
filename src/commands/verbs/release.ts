// `release <machine> <reason>`: release from isolation, behind approval by default.
import { parsed, readMachineAction, type ArgReader } from '../args.js';
import { declareVerb } from '../declaration.js';
import type { ParseResult } from '../types.js';

export const release = declareVerb({
  word: 'release',
  aliases: [],
  parse: (args: ArgReader): ParseResult => {
    const read = readMachineAction(args, release, []);
    return read.ok ? parsed({ verb: 'release', machine: read.machine, reason: read.reason }) : read;
  },
  role: 'responder',
  approvable: true,
  usage: 'release <machine> <reason>',
  summary: 'Release a machine from isolation.',
  examples: ['release web-07 reimaged and clean'],
  runs: 'machine-action',
  menu: { priority: 12, scopes: ['personal', 'team', 'groupChat'] },
});
