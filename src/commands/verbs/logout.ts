// `logout`: unlink the user's Entra account.
import { noArguments, type ArgReader } from '../args.js';
import { declareVerb } from '../declaration.js';
import type { ParseResult } from '../types.js';

export const logout = declareVerb({
  word: 'logout',
  aliases: [],
  parse: (args: ArgReader): ParseResult => noArguments(args, logout),
  role: 'anyone',
  approvable: false,
  usage: 'logout',
  summary: 'Unlink your Microsoft Entra account.',
  examples: ['logout'],
  runs: 'immediate',
  menu: { priority: 4, scopes: ['personal'] },
});
