// `hunt <name> [<arg>…]` runs a named hunt of HUNTS_FILE (its role, default viewer); `hunt kql <query>`
// runs free KQL (hunting.kqlRole, default responder). Both through Microsoft Graph advanced hunting.
import { failure, parsed, type ArgReader } from '../args.js';
import { declareVerb, type ParseResultOf } from '../declaration.js';
import { runFreeKql, runNamedHunt } from '../handlers/hunting.js';

/** Free KQL longer than this is refused before it reaches Graph (whose own limit is far above). */
export const MAX_KQL_LENGTH = 4000;

export type HuntCommand =
  | {
      readonly verb: 'hunt';
      readonly kind: 'named';
      readonly hunt: string;
      readonly args: readonly string[];
      readonly arguments: string;
    }
  | { readonly verb: 'hunt'; readonly kind: 'kql'; readonly query: string };

const USAGE = 'hunt <name> [<arg>…] | hunt kql <query>';

export const hunt = declareVerb<HuntCommand>()({
  word: 'hunt',
  aliases: [],
  parse: (args: ArgReader): ParseResultOf<HuntCommand> => {
    const first = args.next();
    if (first === undefined)
      return failure('MISSING_ARGUMENT', `Name a hunt or write KQL: ${USAGE}. hunts lists the named hunts.`);
    if (!first.ok) return first;
    if (first.token.value.toLowerCase() === 'kql' && !first.token.quoted) {
      const query = args.rest().trim();
      if (query.length === 0) return failure('MISSING_ARGUMENT', 'Write the KQL after hunt kql.');
      if (query.length > MAX_KQL_LENGTH)
        return failure('INVALID_ARGUMENT', `That query is longer than ${MAX_KQL_LENGTH} characters.`);
      return parsed({ verb: 'hunt', kind: 'kql', query });
    }
    const values: string[] = [];
    for (let next = args.next(); next !== undefined; next = args.next()) {
      if (!next.ok) return next;
      values.push(next.token.value);
    }
    return parsed({
      verb: 'hunt',
      kind: 'named',
      hunt: first.token.value,
      args: values,
      arguments: values.join(' '),
    });
  },
  role: 'viewer',
  approvable: false,
  usage: USAGE,
  summary:
    'Advanced hunting through Microsoft Graph: a named hunt, or your own KQL; first rows as a table, all as CSV.',
  examples: [
    'hunt process-launches web-07 24',
    'hunt kql DeviceInfo | where OSPlatform == "Linux" | take 10',
  ],
  runs: 'job',
  run: (context, command) =>
    command.kind === 'kql'
      ? runFreeKql(context, command.query)
      : runNamedHunt(context, command.hunt, command.args),
});
