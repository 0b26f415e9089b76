// `hunts`: the named hunts of HUNTS_FILE this person may run (and free KQL, if their role allows it).
import { noArguments, type ArgReader } from '../args.js';
import { declareVerb, type ParseResultOf } from '../declaration.js';
import { listHunts } from '../handlers/hunting.js';

export type HuntsCommand = { readonly verb: 'hunts' };

export const hunts = declareVerb<HuntsCommand>()({
  word: 'hunts',
  aliases: [],
  parse: (args: ArgReader): ParseResultOf<HuntsCommand> => noArguments(args, hunts),
  role: 'viewer',
  approvable: false,
  usage: 'hunts',
  summary: 'The named hunts you may run, with their arguments.',
  examples: ['hunts'],
  runs: 'job',
  run: (context) => Promise.resolve(listHunts(context)),
});
