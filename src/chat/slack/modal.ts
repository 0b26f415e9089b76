// A form card (inputs and one submit action, see ImmediateAnswer 'form') as a Slack modal, and the
// modal's submission back as the form's values. The modal carries in private_metadata (which Slack
// keeps and the user cannot edit) only the submit's verb, its opaque id and where the form was asked
// for; the values are untrusted text the core checks.
import type { types as slack } from '@slack/bolt';
import { z } from 'zod';
import { FORM_INPUT_LIMITS, type AdaptiveCardJson, type FormInputId } from '../../core/index.js';
import { asNode, nodesOf, stringOf, type CardNode } from './blockkit/card-json.js';
import { SLACK_LIMITS, truncatePlain } from './blockkit/limits.js';
import { markdownToPlain } from './blockkit/mrkdwn.js';
import { opaqueActionIdSchema, verbSchema } from './payloads.js';

export const FORM_CALLBACK_ID = 'defbot.form';

/** Slack's modal limits (views reference). */
const MODAL = { title: 24, submit: 24, label: 2000, optionText: 75, optionValue: 150, options: 100 } as const;

const plain = (text: string, max: number) => ({
  type: 'plain_text' as const,
  text: truncatePlain(text, max),
});

/** Where the form was asked for and what submitting it does. */
export interface FormOrigin {
  verb: string;
  id: string;
  channel: string;
  /** The card the form belongs to, redrawn afterwards. */
  messageTs: string | undefined;
}

const originSchema = z.object({
  v: verbSchema,
  id: opaqueActionIdSchema,
  c: z.string().min(1).max(64),
  t: z.string().min(1).max(64).optional(),
});

export function originOf(privateMetadata: string): FormOrigin | undefined {
  try {
    const parsed = originSchema.safeParse(JSON.parse(privateMetadata));
    return parsed.success
      ? { verb: parsed.data.v, id: parsed.data.id, channel: parsed.data.c, messageTs: parsed.data.t }
      : undefined;
  } catch {
    return undefined;
  }
}

function isFormInput(id: string | undefined): id is FormInputId {
  return id !== undefined && Object.hasOwn(FORM_INPUT_LIMITS, id);
}

function inputBlock(node: CardNode): slack.InputBlock | undefined {
  const id = stringOf(node, 'id');
  if (!isFormInput(id)) return undefined;
  const label = plain(stringOf(node, 'label') ?? id, MODAL.label);
  const optional = node.isRequired !== true;
  if (stringOf(node, 'type') === 'Input.ChoiceSet') {
    const options = nodesOf(node.choices)
      .slice(0, MODAL.options)
      .map((choice) => ({
        text: plain(stringOf(choice, 'title') ?? '', MODAL.optionText),
        value: stringOf(choice, 'value') ?? '',
      }))
      .filter((option) => option.value !== '' && option.value.length <= MODAL.optionValue);
    // The card's preselected choice (Input.ChoiceSet `value`) is the modal's too.
    const initial = options.find((option) => option.value === stringOf(node, 'value'));
    return {
      type: 'input',
      block_id: id,
      label,
      optional,
      element: {
        type: 'static_select',
        action_id: id,
        options,
        ...(initial ? { initial_option: initial } : {}),
      },
    } satisfies slack.InputBlock;
  }
  const maxLength = typeof node.maxLength === 'number' ? node.maxLength : FORM_INPUT_LIMITS[id];
  return {
    type: 'input',
    block_id: id,
    label,
    optional,
    element: {
      type: 'plain_text_input',
      action_id: id,
      multiline: node.isMultiline === true,
      max_length: Math.min(maxLength, FORM_INPUT_LIMITS[id]),
    },
  };
}

/** The modal for a form card, or undefined when the card is not a form (no single submit, no inputs). */
export function formModal(
  card: AdaptiveCardJson,
  origin: Omit<FormOrigin, 'verb' | 'id'>,
): slack.ModalView | undefined {
  const submits = nodesOf(card.actions).filter((a) => stringOf(a, 'type') === 'Action.Execute');
  const submit = submits.length === 1 ? submits[0]! : undefined;
  const verb = submit && stringOf(submit, 'verb');
  const id = submit && asNode(submit.data)?.id;
  if (!verb || typeof id !== 'string') return undefined;
  const blocks: (slack.InputBlock | slack.SectionBlock)[] = [];
  for (const node of nodesOf(card.body)) {
    if (stringOf(node, 'type') === 'TextBlock') {
      const text = markdownToPlain(stringOf(node, 'text') ?? '').trim();
      if (text) blocks.push({ type: 'section', text: plain(text, SLACK_LIMITS.sectionText) });
      continue;
    }
    const input = inputBlock(node);
    if (input) blocks.push(input);
  }
  if (!blocks.some((block) => block.type === 'input')) return undefined;
  const title = stringOf(submit, 'title') ?? 'Submit';
  const metadata = { v: verb, id, c: origin.channel, ...(origin.messageTs ? { t: origin.messageTs } : {}) };
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK_ID,
    title: plain(title, MODAL.title),
    submit: plain(title, MODAL.submit),
    close: plain('Cancel', MODAL.submit),
    private_metadata: JSON.stringify(metadata),
    blocks,
  };
}

/** A submitted modal's state: { block_id: { action_id: { value | selected_option } } }. */
export const viewStateSchema = z.record(
  z.string(),
  z.record(
    z.string(),
    z.object({
      value: z.string().nullish(),
      selected_option: z.object({ value: z.string() }).nullish(),
    }),
  ),
);

/**
 * The form's values by input id, or undefined when the state holds an input our forms do not have or a
 * value longer than that input allows (the modal was not ours, or was tampered with).
 */
export function formValues(state: z.infer<typeof viewStateSchema>): Record<string, string> | undefined {
  const values: Record<string, string> = {};
  for (const actions of Object.values(state)) {
    for (const [actionId, field] of Object.entries(actions)) {
      if (!isFormInput(actionId)) return undefined;
      const value = field.selected_option?.value ?? field.value ?? '';
      if (value.length > FORM_INPUT_LIMITS[actionId]) return undefined;
      values[actionId] = value;
    }
  }
  return values;
}
