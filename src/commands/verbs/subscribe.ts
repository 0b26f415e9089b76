// `subscribe [severity]`: post new alerts of this severity or higher to this channel.
import { checkSeverity, extraArguments, parsed, type ArgReader } from '../args.js';
import { declareVerb } from '../declaration.js';
import type { ParseResult } from '../types.js';

export const subscribe = declareVerb({
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

function parseSubscribe(args: ArgReader): ParseResult {
  const read = args.next();
  if (read === undefined) return parsed({ verb: 'subscribe' });
  if (!read.ok) return read;
  const severity = checkSeverity(read.token.value);
  if (!severity.ok) return severity;
  return args.atEnd() ? parsed({ verb: 'subscribe', severity: severity.value }) : extraArguments(subscribe);
}
