// `untag <machine> <tag>`: remove a tag from a machine (responder).
import { parsed, type ArgReader } from '../args.js';
import { declareVerb, type ParseResultOf } from '../declaration.js';
import { changeTag, readMachineAndTag } from '../handlers/machine-tags.js';
import type { MachineQuery } from '../types.js';

export type UntagCommand = { readonly verb: 'untag'; readonly machine: MachineQuery; readonly tag: string };

export const untag = declareVerb<UntagCommand>()({
  word: 'untag',
  aliases: [],
  parse: (args: ArgReader): ParseResultOf<UntagCommand> => {
    const read = readMachineAndTag(args, untag);
    return read.ok ? parsed({ verb: 'untag', machine: read.value.machine, tag: read.value.tag }) : read;
  },
  role: 'responder',
  approvable: false,
  usage: 'untag <machine> <tag>',
  summary: 'Remove a tag from a machine.',
  examples: ['untag web-07 under investigation'],
  runs: 'job',
  run: (context, command) => changeTag(context, command, command.tag, 'Remove'),
});
