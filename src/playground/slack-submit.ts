// Submitting or cancelling the modal a user has open, as Slack would: the page sends what was typed and
// picked per input block; Slack's own client-side checks (required, a listed option, max_length) run
// here, then the view_submission goes to /slack/events signed like every other Slack request. The view
// itself (its private_metadata included) is the one the bot opened, never the page's copy.
import express, { Router, type Request } from 'express';
import { z } from 'zod';
import { SLACK_TEAM_ID, type PlaygroundContext } from './context.js';
import { postSigned, userOf } from './slack-drive.js';
import type { OpenView } from './slack-views.js';

const submitInput = z.object({
  user: z.string().min(1),
  viewId: z.string().min(1),
  /** block_id -> the text typed or the option value picked. */
  values: z.record(z.string(), z.string().max(3000)),
});
const closeInput = z.object({ user: z.string().min(1), viewId: z.string().min(1) });

const inputBlock = z.object({
  type: z.literal('input'),
  block_id: z.string(),
  optional: z.boolean().optional(),
  element: z.looseObject({
    type: z.string(),
    action_id: z.string(),
    options: z.array(z.object({ value: z.string() })).optional(),
    max_length: z.number().optional(),
    min_length: z.number().optional(),
  }),
});
type InputBlock = z.infer<typeof inputBlock>;

/** What the bot may answer a view_submission with instead of an empty ack. */
const submissionAck = z.looseObject({
  response_action: z.string(),
  errors: z.record(z.string(), z.string()).optional(),
});

type Field = { type: string; value?: string | null; selected_option?: { value: string } | null };

function inputsOf(view: OpenView): InputBlock[] {
  return view.blocks.flatMap((block) => {
    const parsed = inputBlock.safeParse(block);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Slack's modal state for the values, or the messages Slack shows under the inputs it refuses. */
function stateOf(
  view: OpenView,
  values: Record<string, string>,
): { values: Record<string, Record<string, Field>> } | { errors: Record<string, string> } {
  const state: Record<string, Record<string, Field>> = {};
  const errors: Record<string, string> = {};
  for (const { block_id: blockId, optional, element } of inputsOf(view)) {
    const value = values[blockId] ?? '';
    if (value === '' && optional !== true) errors[blockId] = 'Please complete this required field.';
    else if (
      element.type === 'static_select' &&
      value !== '' &&
      !element.options?.some((o) => o.value === value)
    )
      errors[blockId] = 'Pick one of the options.';
    else if (element.max_length !== undefined && value.length > element.max_length)
      errors[blockId] = `Use at most ${element.max_length} characters.`;
    else if (element.min_length !== undefined && value !== '' && value.length < element.min_length)
      errors[blockId] = `Use at least ${element.min_length} characters.`;
    const field: Field =
      element.type === 'static_select'
        ? { type: element.type, selected_option: value === '' ? null : { value } }
        : { type: element.type, value: value === '' ? null : value };
    state[blockId] = { [element.action_id]: field };
  }
  return Object.keys(errors).length > 0 ? { errors } : { values: state };
}

async function submit(req: Request, context: PlaygroundContext): Promise<unknown> {
  const input = submitInput.parse(req.body);
  const user = userOf(input.user);
  const view = context.slackViews.forUser(user.id);
  if (view?.id !== input.viewId) return { status: 404 };
  const state = stateOf(view, input.values);
  if ('errors' in state) return { errors: state.errors };
  const payload = {
    type: 'view_submission',
    team: { id: SLACK_TEAM_ID, domain: 'playground' },
    user: { id: user.id, username: user.name, name: user.name, team_id: SLACK_TEAM_ID },
    api_app_id: 'A0PLAYGROUND',
    token: 'playground-verification-token',
    trigger_id: context.slackViews.trigger(user.id),
    view: { ...view, state },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
  const ack = await postSigned(
    req,
    context,
    new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
  );
  // An empty ack closes the modal; `errors` keeps it open with the messages under the inputs.
  const answer = ack.text.trim() ? submissionAck.safeParse(JSON.parse(ack.text)) : undefined;
  if (answer?.success && answer.data.response_action === 'errors')
    return { status: ack.status, errors: answer.data.errors ?? {} };
  if (ack.status === 200) context.slackViews.close(user.id, view.id);
  return { status: ack.status };
}

export function slackSubmitRouter(context: PlaygroundContext): Router {
  const router = Router();
  const json = express.json({ limit: '64kb' });
  router.post('/submit', json, async (req, res) => void res.json(await submit(req, context)));
  // Cancel: Slack tells the app only when the view asked for notify_on_close; ours do not.
  router.post('/close', json, (req, res) => {
    const input = closeInput.parse(req.body);
    res.json({ closed: context.slackViews.close(userOf(input.user).id, input.viewId) !== undefined });
  });
  return router;
}
