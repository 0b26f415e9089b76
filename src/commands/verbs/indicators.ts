// `indicators [<value>]`: the tenant's custom indicators, or the one for a value (viewer).
import { parsed, type ArgReader } from '../args.js';
import { declareVerb, type ParseResultOf } from '../declaration.js';
import { listForChat, readIndicatorQuery } from '../handlers/indicators.js';

export type IndicatorsCommand = { readonly verb: 'indicators'; readonly value: string | undefined };

export const indicators = declareVerb<IndicatorsCommand>()({
  word: 'indicators',
  aliases: [],
  parse: (args: ArgReader): ParseResultOf<IndicatorsCommand> => {
    const read = readIndicatorQuery(args, indicators);
    return read.ok ? parsed({ verb: 'indicators', value: read.value?.value }) : read;
  },
  role: 'viewer',
  approvable: false,
  usage: 'indicators [<value>]',
  summary: "List the tenant's indicators, or the one for a value.",
  examples: ['indicators', 'indicators evil.example'],
  runs: 'job',
  run: (context, command) => listForChat(context, command.value),
});
