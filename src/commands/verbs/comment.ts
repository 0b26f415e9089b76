// `comment <alertId> <text>`: add a comment to the alert in Defender, signed with the chat person and
// platform. Also the alert card's "Comment…".
import type { MessageRef } from '../../core/interaction.js';
import { parsed, type ArgReader } from '../args.js';
import { declareVerb, type ParseResultOf } from '../declaration.js';
import { changeAlert, commentFromRest, commentUpdate, readAlertId } from '../handlers/alert-triage.js';

export type CommentCommand = {
  readonly verb: 'comment';
  readonly alertId: string;
  readonly text: string;
  /** Set when clicked on an alert card: that card. */
  readonly card?: MessageRef;
};

export const comment = declareVerb<CommentCommand>()({
  word: 'comment',
  aliases: [],
  parse: (args: ArgReader): ParseResultOf<CommentCommand> => {
    const id = readAlertId(args, comment);
    if (!id.ok) return id;
    const text = commentFromRest(args, comment);
    if (!text.ok) return text;
    return parsed({ verb: 'comment', alertId: id.value, text: text.value });
  },
  role: 'responder',
  approvable: false,
  usage: 'comment <alertId> <text>',
  summary: 'Add a comment to an alert in Defender.',
  examples: ['comment da637551227677560813_-961444813 user confirmed the download'],
  runs: 'job',
  run: (context, command) =>
    changeAlert(context, command.alertId, commentUpdate(context.actor, command.text), command.card),
});
