// Submitted modals (view_submission of the bot's forms): ack at once, which closes the modal, then hand
// the form's values to the core as the click of the form's submit and render its answer in the
// channel the form was asked from — an ephemeral, an in-place update, or a channel message.
import type { App } from '@slack/bolt';
import { z } from 'zod';
import { withCorrelation } from '../../core/index.js';
import { FAILURE_TEXT, INVALID_BUTTON_TEXT, type ListenerDeps } from './deps.js';
import { interactionFromSubmission, withDirectoryAnswer } from './interactions.js';
import { FORM_CALLBACK_ID, formValues, originOf, viewStateSchema } from './modal.js';
import { noticeMessage } from './render.js';
import { settle } from './settle.js';

const slackId = z.string().min(1).max(64);

const submissionSchema = z.object({
  type: z.literal('view_submission'),
  user: z.object({ id: slackId, name: z.string().optional(), team_id: z.string().optional() }),
  team: z.object({ id: slackId }).nullish(),
  view: z.object({
    id: slackId,
    callback_id: z.literal(FORM_CALLBACK_ID),
    private_metadata: z.string().max(3000),
    state: z.object({ values: viewStateSchema }),
  }),
});

export function registerFormListener(app: App, deps: ListenerDeps): void {
  app.view({ callback_id: FORM_CALLBACK_ID, type: 'view_submission' }, async ({ body, ack }) => {
    await ack();
    const receivedAt = deps.clock.now();
    const parsed = submissionSchema.safeParse(body);
    const origin = parsed.success ? originOf(parsed.data.view.private_metadata) : undefined;
    const values = parsed.success ? formValues(parsed.data.view.state.values) : undefined;
    if (!parsed.success || !origin)
      return deps.logger.warn('view_submission not from a form of ours; ignored');
    const submission = parsed.data;
    const actor = withDirectoryAnswer(
      {
        platform: 'slack',
        id: submission.user.id,
        tenantId: submission.user.team_id ?? submission.team?.id,
        displayName: submission.user.name,
        email: undefined,
        aadObjectId: undefined,
      },
      await deps.directory.lookup(submission.user.id),
    );
    const interaction = interactionFromSubmission(
      actor,
      origin,
      values,
      submission.team?.id ?? actor.tenantId,
      `slack:${submission.view.id}`,
      receivedAt,
    );
    const { conversation } = interaction;
    await withCorrelation(interaction.correlationId, async () => {
      try {
        if (!values) {
          deps.logger.warn({ user: actor.id }, 'form submission with inputs no form of ours has');
          return await deps.reply.postPrivate(conversation, actor, noticeMessage(INVALID_BUTTON_TEXT));
        }
        const settled = await settle(deps.handler, interaction);
        if (!settled.ok) deps.logger.error({ err: settled.error }, 'form submission handler failed');
        const answer = settled.ok
          ? settled.answer
          : { visibility: 'private' as const, message: noticeMessage(FAILURE_TEXT) };
        if (answer.visibility === 'none' || answer.visibility === 'form') return;
        // A queued command's "working on it": the modal closing is that answer here. A submission has
        // no response_url, and an ephemeral posted by the bot cannot be removed, so a working message
        // would stay beside the command's result (one message per command).
        if (answer.visibility === 'private' && answer.working) return;
        if (answer.visibility === 'channel')
          return void (await deps.reply.post(conversation, answer.message));
        if (answer.visibility === 'replace' && origin.messageTs)
          return await deps.reply.update({ conversation, messageId: origin.messageTs }, answer.message);
        await deps.reply.postPrivate(conversation, actor, answer.message);
      } catch (error) {
        deps.logger.warn({ err: error }, 'could not answer a form submission');
      }
    });
  });
}
