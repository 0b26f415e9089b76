// `cancel <actionId> <reason>`: cancel a machine action that is not final yet. One POST to MDE's cancel
// endpoint whose comment names the person and their chat platform; MDE moves the same action to
// Cancelled, and when this bot follows the action its status card updates in place at once.
import { BotError } from '../../core/errors.js';
import {
  FINAL_ACTION_STATUSES,
  machineActionPath,
  machineActionSchema,
  type DefenderClient,
  type EndpointInfo,
} from '../../defender/index.js';
import { checkActionId, failure, parsed, reasonFromRest, type ArgReader } from '../args.js';
import { declareVerb, type JobAnswer, type ParseResultOf } from '../declaration.js';
import { actionStatusCard, errorMessage } from '../../cards/index.js';
import { actionComment } from '../mde-comment.js';

export type CancelCommand = {
  readonly verb: 'cancel';
  readonly actionId: string;
  readonly reason: string;
};

/** `POST /api/machineactions/{id}/cancel`: its own API budget; any one machine-action permission grants it. */
const CANCEL_ENDPOINT: EndpointInfo = {
  name: 'machineactions.cancel',
  family: 'standard',
  appPermission: 'Machine.Isolate (or Machine.Scan, Machine.RestrictExecution, Machine.CollectForensics)',
  userRole: 'Active remediation actions',
};

export const cancel = declareVerb<CancelCommand>()({
  word: 'cancel',
  aliases: [],
  parse: parseCancel,
  role: 'responder',
  approvable: false,
  usage: 'cancel <actionId> <reason>',
  summary: 'Cancel a machine action that is not final yet.',
  examples: ['cancel 3f2b8a7c-0d1e-4f5a-9b6c-7d8e9f0a1b2c wrong machine'],
  runs: 'job',
  run: async (context, { actionId, reason }): Promise<JobAnswer> => {
    const { defender } = context;
    let cancelled;
    try {
      cancelled = await defender.call({
        endpoint: CANCEL_ENDPOINT,
        method: 'POST',
        path: `${machineActionPath(actionId)}/cancel`,
        body: { Comment: actionComment(reason, context.actor, undefined) },
        schema: machineActionSchema,
        callClass: 'action',
      });
    } catch (error) {
      // MDE refuses (400) an action that is already over, and a second cancel.
      if (error instanceof BotError && error.code === 'INVALID_INPUT')
        return refused(defender, actionId, error);
      throw error;
    }
    // The card the bot posted for this action, if it follows it, shows Cancelled now, not at its next poll.
    await context.followAction(cancelled.id);
    return { message: actionStatusCard(defender, cancelled), audience: 'channel' };
  },
});

function parseCancel(args: ArgReader): ParseResultOf<CancelCommand> {
  const read = args.next();
  if (read === undefined) return failure('MISSING_ARGUMENT', `Which action? \`${cancel.usage}\``);
  if (!read.ok) return read;
  const actionId = checkActionId(read.token.value.trim(), cancel);
  if (!actionId.ok) return actionId;
  const reason = reasonFromRest(args, cancel);
  return reason.ok ? parsed({ verb: 'cancel', actionId: actionId.value, reason: reason.value }) : reason;
}

/** MDE's refusal in plain words, to the asker: an action already over says what it ended as. */
async function refused(defender: DefenderClient, actionId: string, error: BotError): Promise<JobAnswer> {
  const action = await defender.getMachineAction(actionId).catch(() => undefined);
  const what = action
    ? `Action ${actionId} (${action.type} on ${action.computerDnsName ?? action.machineId ?? 'an unknown machine'})`
    : `Action ${actionId}`;
  const message =
    action && FINAL_ACTION_STATUSES.has(action.status)
      ? `${what} is already ${action.status}, so there is nothing to cancel: only a Pending or InProgress action can be. ${error.userMessage}`
      : `${what} was not cancelled. ${error.userMessage}`;
  return { message: errorMessage('Not cancelled', message), audience: 'requester' };
}
