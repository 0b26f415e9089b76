// /defender (and /defender-*) slash commands: the handler's immediate answer goes into the ack body;
// if the handler is slow, the ack goes out empty and the answer follows through response_url.
import type { AckFn, App, RespondArguments, RespondFn } from '@slack/bolt';
import type { ImmediateAnswer } from '../../app/index.js';
import { SLACK_COMMAND, withCorrelation, type Interaction, type Logger } from '../../core/index.js';
import { FAILURE_TEXT, type ListenerDeps } from './deps.js';
import { interactionFromCommand, withDirectoryAnswer } from './interactions.js';
import { slashCommandSchema } from './payloads.js';
import { toSlackMessage } from './render.js';
import { settle, within, type Settled } from './settle.js';

export const COMMAND_PATTERN = new RegExp(`^${SLACK_COMMAND}(?:$|[-_])`);

const FAILURE_BODY: RespondArguments = { response_type: 'ephemeral', text: FAILURE_TEXT };

/** The ack / response_url body for an answer; undefined means an empty ack. */
export function commandResponse(answer: ImmediateAnswer): RespondArguments | undefined {
  if (answer.visibility === 'none') return undefined;
  // A command has no card of its own to replace, so a 'replace' answer is shown privately.
  const responseType = answer.visibility === 'channel' ? 'in_channel' : 'ephemeral';
  return { response_type: responseType, ...toSlackMessage(answer.message) };
}

function responseOf(settled: Settled, logger: Logger): RespondArguments | undefined {
  if (settled.ok) return commandResponse(settled.answer);
  logger.error({ err: settled.error }, 'slash command handler failed');
  return FAILURE_BODY;
}

async function answerLate(
  pending: Promise<Settled>,
  respond: RespondFn | undefined,
  logger: Logger,
): Promise<void> {
  const body = responseOf(await pending, logger);
  if (!body) return;
  if (!respond) return logger.warn('slash command answered late but has no response_url');
  try {
    await respond(body);
  } catch (error) {
    logger.warn({ err: error }, 'could not deliver a late slash command answer');
  }
}

/** The directory's answer about the actor (bounded by its own timeout), then the core's. */
async function handle(interaction: Interaction, deps: ListenerDeps): Promise<Settled> {
  const actor = withDirectoryAnswer(interaction.actor, await deps.directory.lookup(interaction.actor.id));
  return settle(deps.handler, { ...interaction, actor });
}

async function answer(
  interaction: Interaction,
  ack: AckFn<string | RespondArguments>,
  respond: RespondFn | undefined,
  deps: ListenerDeps,
) {
  const { logger } = deps;
  // The ack deadline covers the directory look-up too: Slack's 3 s count from its request, not from the handler.
  const pending = handle(interaction, deps);
  const first = await within(pending, deps.ackDeadlineMs);
  if (first !== 'late') return ack(responseOf(first, logger));
  logger.warn(
    { ackDeadlineMs: deps.ackDeadlineMs },
    'slash command handler is slow; acking now, answering via response_url',
  );
  await ack();
  await answerLate(pending, respond, logger);
}

export function registerCommandListener(app: App, deps: ListenerDeps): void {
  app.command(COMMAND_PATTERN, async ({ command, ack, respond }) => {
    const receivedAt = deps.clock.now();
    const parsed = slashCommandSchema.safeParse(command);
    if (!parsed.success) {
      deps.logger.warn({ issues: parsed.error.issues.length }, 'slash command payload rejected');
      return ack(FAILURE_BODY);
    }
    const interaction = interactionFromCommand(parsed.data, receivedAt);
    // The ack, a late answer through response_url and Bolt's own lines about them carry the interaction's id.
    return withCorrelation(interaction.correlationId, () => answer(interaction, ack, respond, deps));
  });
}
