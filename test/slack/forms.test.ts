// The alert card's forms on Slack: a show-card becomes a button of its submit; the form card becomes a
// modal whose private_metadata names only the submit and where it was asked; a submission's state gives
// back the form's values, and anything our forms do not have (or too long) is refused.
import { describe, expect, it } from 'vitest';
import {
  alertMessage,
  commentForm,
  isolateForm,
  machineCard,
  resolveForm,
  CARD_SAMPLES,
  VERDICT_CHOICES,
} from '../../src/cards/index.js';
import { toBlockKit } from '../../src/chat/slack/blockkit.js';
import { formModal, formValues, originOf } from '../../src/chat/slack/modal.js';
import { alert } from '../alerts/fixtures.js';

const ALERT = alert({ id: 'da637551227677560813_-961444813', title: 'Ransomware behavior detected' });

describe('the alert card on Slack', () => {
  it('shows Resolve… and Comment… as buttons of their forms’ submits, carrying only the alert id', () => {
    const buttons = toBlockKit(alertMessage(ALERT).card)
      .blocks.filter((b) => b.type === 'actions')
      .flatMap(
        (b) => (b as { elements: { action_id: string; value?: string; text: { text: string } }[] }).elements,
      );
    const byVerb = (verb: string) => buttons.find((b) => b.action_id.replace(/#\d+$/, '') === verb);
    expect(byVerb('alert.resolve')).toMatchObject({ value: ALERT.id, text: { text: 'Resolve…' } });
    expect(byVerb('alert.comment')).toMatchObject({ value: ALERT.id, text: { text: 'Comment…' } });
    expect(byVerb('alert.assign')).toMatchObject({ value: ALERT.id });
    expect(byVerb('alert.isolate')).toMatchObject({ value: ALERT.id });
  });

  it('offers no Resolve… or Assign once the alert is resolved', () => {
    const resolved = toBlockKit(alertMessage({ ...ALERT, status: 'Resolved' }).card);
    const verbs = JSON.stringify(resolved.blocks);
    expect(verbs).not.toContain('alert.resolve');
    expect(verbs).not.toContain('alert.assign');
    expect(verbs).toContain('alert.comment');
  });
});

describe('formModal', () => {
  it('turns the resolve form into a modal: a select of every valid pair and a required comment', () => {
    const modal = formModal(resolveForm(ALERT), { channel: 'C1', messageTs: '1700000000.000100' })!;
    expect(modal).toMatchObject({
      type: 'modal',
      callback_id: 'defbot.form',
      title: { type: 'plain_text', text: 'Resolve' },
      submit: { type: 'plain_text', text: 'Resolve' },
    });
    expect(originOf(modal.private_metadata!)).toEqual({
      verb: 'alert.resolve',
      id: ALERT.id,
      channel: 'C1',
      messageTs: '1700000000.000100',
    });
    const inputs = modal.blocks.filter((b) => b.type === 'input');
    expect(inputs).toHaveLength(2);
    expect(inputs[0]).toMatchObject({
      block_id: 'verdict',
      optional: false,
      element: { type: 'static_select', action_id: 'verdict' },
    });
    const options = (inputs[0] as { element: { options: { value: string }[] } }).element.options;
    expect(options.map((o) => o.value)).toEqual(VERDICT_CHOICES.map((c) => c.value));
    expect(inputs[1]).toMatchObject({
      block_id: 'comment',
      optional: false,
      element: { type: 'plain_text_input', action_id: 'comment', multiline: true, max_length: 900 },
    });
  });

  it('turns the comment form into a modal with one input, and refuses a card that is no form', () => {
    const modal = formModal(commentForm(ALERT), { channel: 'C1', messageTs: undefined })!;
    expect(modal.blocks.filter((b) => b.type === 'input')).toHaveLength(1);
    expect(originOf(modal.private_metadata!)).toEqual({
      verb: 'alert.comment',
      id: ALERT.id,
      channel: 'C1',
      messageTs: undefined,
    });
    expect(formModal(alertMessage(ALERT).card, { channel: 'C1', messageTs: undefined })).toBeUndefined();
  });
});

describe('the machine card on Slack', () => {
  const MACHINE = CARD_SAMPLES.machine;

  it('shows Request isolation… as a button of its form’s submit, carrying only the machine id', () => {
    const buttons = toBlockKit(machineCard(MACHINE))
      .blocks.filter((b) => b.type === 'actions')
      .flatMap(
        (b) => (b as { elements: { action_id: string; value?: string; text: { text: string } }[] }).elements,
      );
    expect(buttons.find((b) => b.action_id === 'isolate.request')).toMatchObject({
      value: MACHINE.id,
      text: { text: 'Request isolation…' },
    });
  });

  it('opens the form as a modal: full isolation preselected, a required reason', () => {
    const modal = formModal(isolateForm({ id: MACHINE.id }), {
      channel: 'C1',
      messageTs: '1700000000.000200',
    })!;
    expect(modal.title).toMatchObject({ text: 'Request isolation' });
    expect(originOf(modal.private_metadata!)).toMatchObject({ verb: 'isolate.request', id: MACHINE.id });
    const inputs = modal.blocks.filter((b) => b.type === 'input');
    expect(inputs).toHaveLength(2);
    expect(inputs[0]).toMatchObject({
      block_id: 'isolationType',
      optional: false,
      element: {
        type: 'static_select',
        initial_option: { value: 'full' },
        options: [
          expect.objectContaining({ value: 'full' }),
          expect.objectContaining({ value: 'selective' }),
        ],
      },
    });
    expect(inputs[1]).toMatchObject({
      block_id: 'reason',
      optional: false,
      element: { type: 'plain_text_input', action_id: 'reason', multiline: true, max_length: 900 },
    });
  });
});

describe('a submitted modal', () => {
  it('gives the values by input id', () => {
    expect(
      formValues({
        verdict: { verdict: { selected_option: { value: 'TruePositive:Malware' } } },
        comment: { comment: { value: 'reimaged' } },
      }),
    ).toEqual({ verdict: 'TruePositive:Malware', comment: 'reimaged' });
    expect(formValues({ comment: { comment: { value: null } } })).toEqual({ comment: '' });
  });

  it('is refused when it holds an input our forms lack or a value too long', () => {
    expect(formValues({ extra: { id: { value: 'x' } } })).toBeUndefined();
    expect(formValues({ comment: { comment: { value: 'x'.repeat(2001) } } })).toBeUndefined();
  });

  it('names its origin only when the metadata is ours', () => {
    expect(originOf('not json')).toBeUndefined();
    expect(originOf(JSON.stringify({ v: 'alert.resolve', id: "da1'--", c: 'C1' }))).toBeUndefined();
    expect(originOf(JSON.stringify({ v: 'alert.resolve', id: 'da1', c: '' }))).toBeUndefined();
  });
});
