// `unsubscribe`: stop alert notifications for this channel.
import { noArguments, type ArgReader } from '../args.js';
import { declareVerb } from '../declaration.js';
import type { ParseResult } from '../types.js';

export const unsubscribe = declareVerb({
  word: 'unsubscribe',
  aliases: [],
  parse: (args: ArgReader): ParseResult => noArguments(args, unsubscribe),
  role: 'admin',
  approvable: false,
  usage: 'unsubscribe',
  summary: 'Stop posting alerts to this channel.',
  examples: ['unsubscribe'],
  runs: 'immediate',
  menu: { priority: 16, scopes: ['team', 'groupChat'] },
});
