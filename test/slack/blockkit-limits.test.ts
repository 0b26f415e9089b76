import { describe, expect, it } from 'vitest';
import {
  CUT_NOTE,
  SLACK_LIMITS,
  TRUNCATED_SUFFIX,
  toBlockKit,
  type SlackBlock,
} from '../../src/chat/slack/blockkit.js';
import { truncateMrkdwn } from '../../src/chat/slack/blockkit/limits.js';
import { slackLimitViolations } from './blockkit-limit-check.js';

import { card, text } from './card-builders.js';
const row = (index: number): Record<string, unknown> => ({
  type: 'Container',
  items: [text(`row ${index}`)],
});
const execute = (verb: string, id: string, title = verb): Record<string, unknown> => ({
  type: 'Action.Execute',
  title,
  verb,
  data: { id },
});

function lastBlock(blocks: SlackBlock[]): SlackBlock | undefined {
  return blocks[blocks.length - 1];
}

function isCutNote(block: SlackBlock | undefined): boolean {
  return block?.type === 'context' && block.elements[0]?.text === `_${CUT_NOTE}_`;
}

describe('Slack limits', () => {
  it('keeps at most 50 blocks, keeps the card buttons, and says content was cut', () => {
    const message = toBlockKit(
      card(
        Array.from({ length: 80 }, (_, index) => row(index)),
        [execute('approval.approve', 'apr_1', 'Approve')],
      ),
    );
    expect(message.blocks).toHaveLength(SLACK_LIMITS.blocksPerMessage);
    expect(isCutNote(lastBlock(message.blocks))).toBe(true);
    expect(message.blocks[message.blocks.length - 2]).toMatchObject({
      type: 'actions',
      elements: [{ action_id: 'approval.approve', value: 'apr_1' }],
    });
    expect(message.blocks[0]).toMatchObject({ text: { text: 'row 0' } });
    expect(slackLimitViolations(message)).toEqual([]);
  });

  it('adds no note when exactly 50 blocks fit', () => {
    const message = toBlockKit(card(Array.from({ length: 50 }, (_, index) => row(index))));
    expect(message.blocks).toHaveLength(50);
    expect(message.blocks.some(isCutNote)).toBe(false);
  });

  it('splits long runs of text into sections of at most 3,000 characters without cutting', () => {
    const lines = Array.from({ length: 10 }, (_, index) => text(`${index}`.repeat(1000)));
    const message = toBlockKit(card(lines));
    const sections = message.blocks.filter((block) => block.type === 'section');
    expect(sections.length).toBe(5);
    expect(message.blocks.some(isCutNote)).toBe(false);
    expect(sections.map((block) => (block.type === 'section' ? block.text?.text : '')).join('\n')).toBe(
      lines.map((line) => line.text).join('\n'),
    );
  });

  it('truncates a single text over 3,000 characters visibly', () => {
    const message = toBlockKit(card([text('x'.repeat(5000))]));
    const first = message.blocks[0];
    expect(first?.type === 'section' && first.text?.text.endsWith(TRUNCATED_SUFFIX)).toBe(true);
    expect(first?.type === 'section' && first.text?.text.length).toBe(SLACK_LIMITS.sectionText);
    expect(isCutNote(lastBlock(message.blocks))).toBe(true);
  });

  it('truncates fields at 2,000 characters and puts at most 10 fields in a section', () => {
    const facts = Array.from({ length: 23 }, (_, index) => ({
      title: `t${index}`,
      value: index === 0 ? 'v'.repeat(2500) : `v${index}`,
    }));
    const message = toBlockKit(card([{ type: 'FactSet', facts }]));
    const counts = message.blocks.flatMap((block) =>
      block.type === 'section' && block.fields ? [block.fields.length] : [],
    );
    expect(counts).toEqual([10, 10, 3]);
    const firstField =
      message.blocks[0]?.type === 'section' ? message.blocks[0].fields?.[0]?.text : undefined;
    expect(firstField?.length).toBe(SLACK_LIMITS.fieldText);
    expect(firstField?.endsWith(TRUNCATED_SUFFIX)).toBe(true);
    expect(slackLimitViolations(message)).toEqual([]);
  });

  it('truncates headers to 150 characters', () => {
    const message = toBlockKit(card([text('H'.repeat(400), { size: 'Large' })]));
    expect(message.blocks[0]).toMatchObject({ type: 'header' });
    expect(message.blocks[0]?.type === 'header' && message.blocks[0].text.text.length).toBe(
      SLACK_LIMITS.headerText,
    );
    expect(isCutNote(lastBlock(message.blocks))).toBe(true);
  });

  it('splits more than 25 buttons into several actions blocks', () => {
    const actions = Array.from({ length: 30 }, (_, index) => execute('machine.show', `m${index}`));
    const message = toBlockKit(card([{ type: 'ActionSet', actions }]));
    expect(message.blocks.map((block) => (block.type === 'actions' ? block.elements.length : 0))).toEqual([
      25, 5,
    ]);
    expect(slackLimitViolations(message)).toEqual([]);
  });

  it('shortens button text to 75 characters', () => {
    const message = toBlockKit(card([], [execute('machine.show', 'm1', 'B'.repeat(200))]));
    const button = message.blocks[0]?.type === 'actions' ? message.blocks[0].elements[0] : undefined;
    expect(button?.text.text.length).toBe(SLACK_LIMITS.buttonText);
    expect(button?.text.text.endsWith('…')).toBe(true);
  });

  it('drops a button whose id is longer than 2,000 characters rather than cutting the id', () => {
    const message = toBlockKit(
      card([text('x')], [execute('machine.show', 'i'.repeat(2001)), execute('machine.actions', 'ok')]),
    );
    const values = message.blocks.flatMap((block) =>
      block.type === 'actions' ? block.elements.map((button) => button.value) : [],
    );
    expect(values).toEqual(['ok']);
    expect(isCutNote(lastBlock(message.blocks))).toBe(true);
  });

  it('keeps the fallback text within 3,000 characters', () => {
    const facts = Array.from({ length: 100 }, (_, index) => ({
      title: `fact ${index}`,
      value: 'v'.repeat(100),
    }));
    const message = toBlockKit(card([text('Title', { size: 'Large' }), { type: 'FactSet', facts }]));
    expect(message.text.length).toBe(SLACK_LIMITS.messageText);
    expect(message.text.startsWith('Title\nfact 0: ')).toBe(true);
    expect(message.text.endsWith(TRUNCATED_SUFFIX)).toBe(true);
  });
});

describe('truncateMrkdwn', () => {
  it('never cuts an entity or a link in half', () => {
    expect(truncateMrkdwn('abc &amp; def', 8, '…')).toBe('abc …');
    expect(truncateMrkdwn('see <https://example.com/x|link> after', 20, '…')).toBe('see …');
    expect(truncateMrkdwn('short', 20)).toBe('short');
  });

  it('does not split a surrogate pair', () => {
    const result = truncateMrkdwn('😀'.repeat(10), 6, '…');
    expect(result).toBe('😀😀…');
  });
});
