// `collect <machine> <reason>`: an investigation package, with a link when done.
import { parsed, readMachineAction, type ArgReader } from '../args.js';
import { declareVerb } from '../declaration.js';
import type { ParseResult } from '../types.js';

export const collect = declareVerb({
  word: 'collect',
  aliases: [],
  parse: (args: ArgReader): ParseResult => {
    const read = readMachineAction(args, collect, []);
    return read.ok ? parsed({ verb: 'collect', machine: read.machine, reason: read.reason }) : read;
  },
  role: 'responder',
  approvable: false,
  usage: 'collect <machine> <reason>',
  summary: 'Collect an investigation package; a link when done.',
  examples: ['collect web-07 incident 4711 triage'],
  runs: 'machine-action',
  menu: { priority: 10, scopes: ['personal'] },
});
