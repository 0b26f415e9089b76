// `tag <machine> <tag>`: add a tag to a machine (responder).
import { parsed, type ArgReader } from '../args.js';
import { declareVerb, type ParseResultOf } from '../declaration.js';
import { changeTag, readMachineAndTag } from '../handlers/machine-tags.js';
import type { MachineQuery } from '../types.js';

export type TagCommand = { readonly verb: 'tag'; readonly machine: MachineQuery; readonly tag: string };

export const tag = declareVerb<TagCommand>()({
  word: 'tag',
  aliases: [],
  parse: (args: ArgReader): ParseResultOf<TagCommand> => {
    const read = readMachineAndTag(args, tag);
    return read.ok ? parsed({ verb: 'tag', machine: read.value.machine, tag: read.value.tag }) : read;
  },
  role: 'responder',
  approvable: false,
  usage: 'tag <machine> <tag>',
  summary: 'Add a tag to a machine.',
  examples: ['tag web-07 under investigation'],
  runs: 'job',
  run: (context, command) => changeTag(context, command, command.tag, 'Add'),
});
