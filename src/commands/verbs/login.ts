// `login`: link the user's Entra account (user context).
import { noArguments, type ArgReader } from '../args.js';
import { declareVerb } from '../declaration.js';
import type { ParseResult } from '../types.js';

export const login = declareVerb({
  word: 'login',
  aliases: [],
  parse: (args: ArgReader): ParseResult => noArguments(args, login),
  role: 'anyone',
  approvable: false,
  usage: 'login',
  summary: 'Link your Microsoft Entra account, so actions run as you.',
  examples: ['login'],
  runs: 'immediate',
  menu: { priority: 3, scopes: ['personal'] },
});
