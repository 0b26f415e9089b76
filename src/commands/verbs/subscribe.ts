// `subscribe [severity]`: post new alerts of this severity or higher to this channel.
import { checkSeverity, extraArguments, parsed, type ArgReader } from '../args.js';
import { declareVerb, type ParseResultOf } from '../declaration.js';
import type { Severity } from '../../core/vocabulary.js';

export type SubscribeCommand = { readonly verb: 'subscribe'; readonly severity?: Severity };

export const subscribe = declareVerb<SubscribeCommand>()({
  word: 'subscribe',
  aliases: [],
  parse: parseSubscribe,
  role: 'admin',
  approvable: false,
  usage: 'subscribe [high|medium|low|informational]',
  summary: 'Post new alerts of this severity or higher to this channel.',
  examples: ['subscribe', 'subscribe medium'],
  runs: 'immediate',
  menu: { priority: 15, scopes: ['team', 'groupChat'] },
});

function parseSubscribe(args: ArgReader): ParseResultOf<SubscribeCommand> {
  const read = args.next();
  if (read === undefined) return parsed({ verb: 'subscribe' });
  if (!read.ok) return read;
  const severity = checkSeverity(read.token.value);
  if (!severity.ok) return severity;
  return args.atEnd() ? parsed({ verb: 'subscribe', severity: severity.value }) : extraArguments(subscribe);
}
