// `login`: link the user's Entra account (user context).
import { noArguments, type ArgReader } from '../args.js';
import { declareVerb, type ParseResultOf } from '../declaration.js';

export type LoginCommand = { readonly verb: 'login' };

export const login = declareVerb<LoginCommand>()({
  word: 'login',
  aliases: [],
  parse: (args: ArgReader): ParseResultOf<LoginCommand> => noArguments(args, login),
  role: 'anyone',
  approvable: false,
  usage: 'login',
  summary: 'Link your Microsoft Entra account, so actions run as you.',
  examples: ['login'],
  runs: 'immediate',
  menu: { priority: 3, scopes: ['personal'] },
});
