// `resolve <alertId> <classification> [<determination>] <comment>`: resolve the alert in Defender with a
// classification (tp, fp, expected) and one of MDE's determinations for it. Also the card's "Resolve…".
import type { MessageRef } from '../../core/interaction.js';
import type { AlertClassification } from '../../defender/index.js';
import { parsed, type ArgReader } from '../args.js';
import { declareVerb, type ParseResultOf } from '../declaration.js';
import { changeAlert, readAlertId, readVerdict, resolveUpdate } from '../handlers/alert-triage.js';

export type ResolveCommand = {
  readonly verb: 'resolve';
  readonly alertId: string;
  readonly classification: AlertClassification;
  readonly determination?: string;
  readonly comment: string;
  /** Set when clicked on an alert card: that card. */
  readonly card?: MessageRef;
};

export const resolve = declareVerb<ResolveCommand>()({
  word: 'resolve',
  aliases: [],
  parse: (args: ArgReader): ParseResultOf<ResolveCommand> => {
    const id = readAlertId(args, resolve);
    if (!id.ok) return id;
    const verdict = readVerdict(args, resolve);
    if (!verdict.ok) return verdict;
    return parsed({ verb: 'resolve', alertId: id.value, ...verdict.value });
  },
  role: 'responder',
  approvable: false,
  usage: 'resolve <alertId> <classification> [<determination>] <comment>',
  summary:
    'Resolve an alert: truepositive (tp), falsepositive (fp) or expected, optionally a determination, and a comment.',
  examples: [
    'resolve da637551227677560813_-961444813 tp malware removed by the scan',
    'resolve da637551227677560813_-961444813 expected securitytesting red team exercise',
  ],
  runs: 'job',
  run: (context, command) =>
    changeAlert(context, command.alertId, resolveUpdate(context.actor, command), command.card),
});
