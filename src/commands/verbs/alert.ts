// `alert <alertId>`: one alert's card — state, assignee, triage, evidence, latest comments — with the
// triage buttons; later changes (from chat or the portal) update it in place.
import { extraArguments, parsed, type ArgReader } from '../args.js';
import { declareVerb, type ParseResultOf } from '../declaration.js';
import { readAlertId, showAlert } from '../handlers/alert-triage.js';

export type AlertCommand = { readonly verb: 'alert'; readonly alertId: string };

export const alert = declareVerb<AlertCommand>()({
  word: 'alert',
  aliases: [],
  parse: (args: ArgReader): ParseResultOf<AlertCommand> => {
    const id = readAlertId(args, alert);
    if (!id.ok) return id;
    if (!args.atEnd()) return extraArguments(alert);
    return parsed({ verb: 'alert', alertId: id.value });
  },
  role: 'viewer',
  approvable: false,
  usage: 'alert <alertId>',
  summary: "One alert's card: evidence, state, assignee and comments, with triage buttons.",
  examples: ['alert da637551227677560813_-961444813'],
  runs: 'job',
  run: (context, command) => showAlert(context, command.alertId),
});
