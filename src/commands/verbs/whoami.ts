// `whoami`: roles, signed-in identity, and the token context that would be used.
import { noArguments, type ArgReader } from '../args.js';
import { declareVerb, type ParseResultOf } from '../declaration.js';

export type WhoamiCommand = { readonly verb: 'whoami' };

export const whoami = declareVerb<WhoamiCommand>()({
  word: 'whoami',
  aliases: [],
  parse: (args: ArgReader): ParseResultOf<WhoamiCommand> => noArguments(args, whoami),
  role: 'anyone',
  approvable: false,
  usage: 'whoami',
  summary: 'Your role, signed-in account and the token context the bot would use.',
  examples: ['whoami'],
  runs: 'immediate',
  menu: { priority: 2, scopes: ['personal'] },
});
