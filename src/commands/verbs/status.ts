// `status <actionId>`: the status of one machine action.
import { checkActionId, extraArguments, failure, parsed, type ArgReader } from '../args.js';
import { declareVerb, type ParseResultOf } from '../declaration.js';
import { answerStatus } from '../handlers/reads.js';

export type StatusCommand = { readonly verb: 'status'; readonly actionId: string };

export const status = declareVerb<StatusCommand>()({
  word: 'status',
  aliases: [],
  parse: parseStatus,
  role: 'viewer',
  approvable: false,
  usage: 'status <actionId>',
  summary: 'The status of one machine action.',
  examples: ['status 3f2b8a7c-0d1e-4f5a-9b6c-7d8e9f0a1b2c'],
  runs: 'job',
  run: ({ defender }, command) => answerStatus(defender, command.actionId),
  menu: { priority: 8, scopes: ['personal', 'team', 'groupChat'] },
});

function parseStatus(args: ArgReader): ParseResultOf<StatusCommand> {
  const read = args.next();
  if (read === undefined) return failure('MISSING_ARGUMENT', `Which action? \`${status.usage}\``);
  if (!read.ok) return read;
  const actionId = checkActionId(read.token.value.trim(), status);
  if (!actionId.ok) return actionId;
  return args.atEnd() ? parsed({ verb: 'status', actionId: actionId.value }) : extraArguments(status);
}
