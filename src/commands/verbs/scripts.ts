// `scripts`: the allow-listed live response scripts the MDE library actually has.
import { noArguments, type ArgReader } from '../args.js';
import { declareVerb, type ParseResultOf } from '../declaration.js';
import { listScripts } from '../live-response/scripts.js';

export type ScriptsCommand = { readonly verb: 'scripts' };

export const scripts = declareVerb<ScriptsCommand>()({
  word: 'scripts',
  aliases: [],
  parse: (args: ArgReader): ParseResultOf<ScriptsCommand> => noArguments(args, scripts),
  role: 'responder',
  approvable: false,
  usage: 'scripts',
  summary: 'The live response library scripts you may run (the allow-list).',
  examples: ['scripts'],
  runs: 'job',
  run: (context) => listScripts(context),
});
