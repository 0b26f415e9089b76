// `logout`: unlink the user's Entra account.
import { noArguments, type ArgReader } from '../args.js';
import { declareVerb, type ParseResultOf } from '../declaration.js';

export type LogoutCommand = { readonly verb: 'logout' };

export const logout = declareVerb<LogoutCommand>()({
  word: 'logout',
  aliases: [],
  parse: (args: ArgReader): ParseResultOf<LogoutCommand> => noArguments(args, logout),
  role: 'anyone',
  approvable: false,
  usage: 'logout',
  summary: 'Unlink your Microsoft Entra account.',
  examples: ['logout'],
  runs: 'immediate',
  menu: { priority: 4, scopes: ['personal'] },
});
