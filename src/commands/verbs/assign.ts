// `assign <alertId> [me|<email>]`: assign the alert in Defender, by default to the person asking (the
// address their chat platform verified). Also the alert card's "Assign to me".
import type { MessageRef } from '../../core/interaction.js';
import { extraArguments, parsed, type ArgReader } from '../args.js';
import { declareVerb, type ParseResultOf } from '../declaration.js';
import {
  assignUpdate,
  assigneeAddress,
  changeAlert,
  checkEmail,
  noOwnAddress,
  readAlertId,
  type AlertAssignee,
} from '../handlers/alert-triage.js';

export type AssignCommand = {
  readonly verb: 'assign';
  readonly alertId: string;
  readonly assignee: AlertAssignee;
  /** Set when clicked on an alert card: that card. */
  readonly card?: MessageRef;
};

export const assign = declareVerb<AssignCommand>()({
  word: 'assign',
  aliases: [],
  parse: (args: ArgReader): ParseResultOf<AssignCommand> => {
    const id = readAlertId(args, assign);
    if (!id.ok) return id;
    const who = args.next();
    if (who !== undefined && !who.ok) return who;
    if (!args.atEnd()) return extraArguments(assign);
    if (who === undefined || who.token.value.toLowerCase() === 'me')
      return parsed({ verb: 'assign', alertId: id.value, assignee: { kind: 'me' } });
    const email = checkEmail(who.token.value, assign);
    if (!email.ok) return email;
    return parsed({ verb: 'assign', alertId: id.value, assignee: { kind: 'email', email: email.value } });
  },
  role: 'responder',
  approvable: false,
  usage: 'assign <alertId> [me|<email>]',
  summary: 'Assign an alert in Defender (to yourself unless you name someone).',
  examples: [
    'assign da637551227677560813_-961444813',
    'assign da637551227677560813_-961444813 bob@contoso.com',
  ],
  runs: 'job',
  run: (context, { alertId, assignee, card }) => {
    const address = assigneeAddress(context.actor, assignee);
    if (address === undefined)
      return Promise.resolve(noOwnAddress(context.actor, `assign ${alertId} <email>`));
    return changeAlert(context, alertId, assignUpdate(context.actor, address), card);
  },
});
