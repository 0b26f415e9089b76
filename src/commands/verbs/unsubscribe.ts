// `unsubscribe`: stop alert notifications for this channel.
import { noArguments, type ArgReader } from '../args.js';
import { declareVerb, type ParseResultOf } from '../declaration.js';

export type UnsubscribeCommand = { readonly verb: 'unsubscribe' };

export const unsubscribe = declareVerb<UnsubscribeCommand>()({
  word: 'unsubscribe',
  aliases: [],
  parse: (args: ArgReader): ParseResultOf<UnsubscribeCommand> => noArguments(args, unsubscribe),
  role: 'admin',
  approvable: false,
  usage: 'unsubscribe',
  summary: 'Stop posting alerts to this channel.',
  examples: ['unsubscribe'],
  runs: 'immediate',
  menu: { priority: 16, scopes: ['team', 'groupChat'] },
});
