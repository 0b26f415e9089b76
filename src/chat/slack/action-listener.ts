// Button clicks (block_actions): ack at once, then hand each click to the core and render its answer
// as an ephemeral, an in-place update of the clicked message, or a new channel message.
import type { App, RespondFn, types as slack } from '@slack/bolt';
import type { ImmediateAnswer } from '../../app/index.js';
import { withCorrelation, type ChatUser, type ConversationRef } from '../../core/index.js';
import { OPEN_URL_ACTION_ID } from './blockkit.js';
import { FAILURE_TEXT, INVALID_BUTTON_TEXT, type ListenerDeps } from './deps.js';
import {
  actionContext,
  cardActionInput,
  interactionFromAction,
  withDirectoryAnswer,
} from './interactions.js';
import { blockActionsSchema, type BlockActionsBody } from './payloads.js';
import { formModal } from './modal.js';
import { noticeMessage, toSlackMessage } from './render.js';
import { settle } from './settle.js';

/** When Slack would not open a form's modal (it allows 3 seconds from the click). */
export const FORM_FAILED_TEXT = 'The form could not be opened; click the button again.';

interface Click {
  actor: ChatUser;
  conversation: ConversationRef;
  triggerId: string | undefined;
  messageTs: string | undefined;
  isEphemeral: boolean;
  respond: RespondFn | undefined;
  /** Opens a modal for this click (views.open with its trigger_id). */
  openModal: (view: slack.ModalView) => Promise<void>;
}

async function render(answer: ImmediateAnswer, click: Click, deps: ListenerDeps): Promise<void> {
  const { reply } = deps;
  if (answer.visibility === 'none') return;
  if (answer.visibility === 'form') {
    const modal = formModal(answer.message.card, {
      channel: click.conversation.id,
      messageTs: click.messageTs,
    });
    if (!modal) deps.logger.error('a form answer without a form card; nothing to open');
    else {
      try {
        return await click.openModal(modal);
      } catch (error) {
        // Slack's trigger_id lives 3 seconds; a slow directory or Slack itself can outlast it.
        deps.logger.warn({ err: error }, 'could not open the form');
      }
    }
    return void (await reply.postPrivate(click.conversation, click.actor, noticeMessage(FORM_FAILED_TEXT)));
  }
  if (answer.visibility === 'channel') return void (await reply.post(click.conversation, answer.message));
  if (answer.visibility === 'replace' && click.messageTs) {
    // An ephemeral message has no ts chat.update can address; only its response_url can replace it.
    if (click.isEphemeral && click.respond)
      return void (await click.respond({ replace_original: true, ...toSlackMessage(answer.message) }));
    return reply.update({ conversation: click.conversation, messageId: click.messageTs }, answer.message);
  }
  await reply.postPrivate(click.conversation, click.actor, answer.message);
}

async function handleAction(
  action: BlockActionsBody['actions'][number],
  click: Click,
  deps: ListenerDeps,
  receivedAt: number,
  index: number,
): Promise<void> {
  if (action.action_id === OPEN_URL_ACTION_ID) return;
  const input = cardActionInput(action, click.messageTs);
  if (!input) {
    deps.logger.warn({ user: click.actor.id }, 'button click with an invalid value or action_id');
    return render({ visibility: 'private', message: noticeMessage(INVALID_BUTTON_TEXT) }, click, deps);
  }
  const interaction = interactionFromAction(click, input, receivedAt, index);
  // Rendering the answer (an ephemeral, an in-place update) logs under the click's id too.
  await withCorrelation(interaction.correlationId, async () => {
    const settled = await settle(deps.handler, interaction);
    if (!settled.ok) deps.logger.error({ err: settled.error }, 'card action handler failed');
    await render(
      settled.ok ? settled.answer : { visibility: 'private', message: noticeMessage(FAILURE_TEXT) },
      click,
      deps,
    );
  });
}

export function registerActionListener(app: App, deps: ListenerDeps): void {
  app.action({ type: 'block_actions' }, async ({ body, ack, respond, client }) => {
    await ack();
    const receivedAt = deps.clock.now();
    const parsed = blockActionsSchema.safeParse(body);
    const context = parsed.success ? actionContext(parsed.data) : undefined;
    if (!parsed.success || !context)
      return deps.logger.warn('block_actions payload without a usable user or channel; ignored');
    // Link buttons only tell Slack to open a page; nothing to look up or answer.
    if (parsed.data.actions.every((action) => action.action_id === OPEN_URL_ACTION_ID)) return;
    const container = parsed.data.container;
    // After the ack, so a slow users.info costs the clicker nothing but this wait.
    const actor = withDirectoryAnswer(context.actor, await deps.directory.lookup(context.actor.id));
    const click: Click = {
      ...context,
      actor,
      messageTs: container?.message_ts,
      isEphemeral: container?.is_ephemeral === true,
      respond,
      openModal: async (view) => {
        const triggerId = parsed.data.trigger_id;
        if (!triggerId) throw new Error('a click without a trigger_id cannot open a modal');
        await client.views.open({ trigger_id: triggerId, view });
      },
    };
    for (const [index, action] of parsed.data.actions.entries()) {
      try {
        await handleAction(action, click, deps, receivedAt, index);
      } catch (error) {
        deps.logger.warn({ err: error }, 'could not answer a button click');
      }
    }
  });
}
