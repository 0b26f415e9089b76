// `help [command]`: the commands this user may run.
import { extraArguments, parsed, type ArgReader } from '../args.js';
import { declareVerb, type ParseResultOf } from '../declaration.js';

export type HelpCommand = { readonly verb: 'help'; readonly topic?: string };

export const help = declareVerb<HelpCommand>()({
  word: 'help',
  aliases: [],
  parse: parseHelp,
  role: 'anyone',
  approvable: false,
  usage: 'help [command]',
  summary: 'The commands you may run, or one command with examples.',
  examples: ['help', 'help isolate'],
  runs: 'immediate',
  menu: { priority: 1, scopes: ['personal', 'team', 'groupChat'] },
});

function parseHelp(args: ArgReader): ParseResultOf<HelpCommand> {
  const read = args.next();
  if (read === undefined) return parsed({ verb: 'help' });
  if (!read.ok) return read;
  const topic = read.token.value.toLowerCase();
  if (!args.verbs.isVerb(topic)) return args.verbs.unknown(read.token.value);
  return args.atEnd() ? parsed({ verb: 'help', topic }) : extraArguments(help);
}
