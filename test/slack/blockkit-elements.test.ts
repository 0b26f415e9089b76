import { describe, expect, it } from 'vitest';
import { OPEN_URL_ACTION_ID, toBlockKit, verbFromActionId } from '../../src/chat/slack/blockkit.js';

import { card, text } from './card-builders.js';
const execute = (
  verb: string,
  data: unknown,
  extra: Record<string, unknown> = {},
): Record<string, unknown> => ({
  type: 'Action.Execute',
  title: verb,
  verb,
  data,
  ...extra,
});

describe('TextBlock', () => {
  it('becomes a header when it is a heading, large, or bold at the top', () => {
    expect(toBlockKit(card([text('Title', { style: 'heading' })])).blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'Title', emoji: true } },
    ]);
    expect(toBlockKit(card([text('**Big** one', { size: 'Large' })])).blocks[0]).toMatchObject({
      type: 'header',
      text: { text: 'Big one' },
    });
    expect(toBlockKit(card([text('First', { weight: 'Bolder' })])).blocks[0]?.type).toBe('header');
  });

  it('joins consecutive text into one mrkdwn section, bold later lines in *stars*', () => {
    const { blocks } = toBlockKit(
      card([text('one'), text('two', { weight: 'bolder' }), text('**three** four')]),
    );
    expect(blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: 'one\n*two*\n*three* four', verbatim: true } },
    ]);
  });

  it('escapes &, < and > and keeps backslash-escaped markdown literal', () => {
    const { blocks } = toBlockKit(card([text('a & b <!here> \\[x\\](http://e) \\*no bold\\*')]));
    expect(blocks[0]).toMatchObject({ text: { text: 'a &amp; b &lt;!here&gt; [x](http://e) *no bold*' } });
  });

  it('turns a real markdown link into a Slack link, but only for http(s) and mailto', () => {
    const { blocks } = toBlockKit(
      card([text('see [the portal](https://security.microsoft.com/a?x=1&y=2) or [this](javascript:void)')]),
    );
    expect(blocks[0]).toMatchObject({
      text: { text: 'see <https://security.microsoft.com/a?x=1&amp;y=2|the portal> or this' },
    });
  });

  it('shows colours as a dot before the text', () => {
    const { blocks } = toBlockKit(
      card([text('x'), text('High', { color: 'attention' }), text('Ok', { color: 'Good' })]),
    );
    expect(blocks[0]).toMatchObject({ text: { text: 'x\n:red_circle: High\n:large_green_circle: Ok' } });
  });

  it('skips invisible and empty text', () => {
    expect(toBlockKit(card([text('x'), text('hidden', { isVisible: false }), text('  ')])).blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: 'x', verbatim: true } },
    ]);
  });
});

describe('FactSet', () => {
  it('becomes section fields "*title*\\nvalue"', () => {
    const { blocks } = toBlockKit(
      card([
        {
          type: 'FactSet',
          facts: [
            { title: 'OS', value: 'Linux' },
            { title: 'A<B', value: '**x**' },
          ],
        },
      ]),
    );
    expect(blocks).toEqual([
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: '*OS*\nLinux', verbatim: true },
          { type: 'mrkdwn', text: '*A&lt;B*\n*x*', verbatim: true },
        ],
      },
    ]);
  });
});

describe('Container, Column and ColumnSet', () => {
  it('flattens containers in order, each container its own section', () => {
    const { blocks } = toBlockKit(
      card([
        text('intro'),
        { type: 'Container', items: [text('a1'), text('a2'), { type: 'Container', items: [text('inner')] }] },
        { type: 'Container', items: [text('b1')] },
      ]),
    );
    expect(blocks.map((block) => (block.type === 'section' ? block.text?.text : block.type))).toEqual([
      'intro',
      'a1\na2',
      'inner',
      'b1',
    ]);
  });

  it('turns a ColumnSet of short texts into fields', () => {
    const { blocks } = toBlockKit(
      card([
        {
          type: 'ColumnSet',
          columns: [
            { type: 'Column', items: [text('Health'), text('Active', { weight: 'Bolder' })] },
            { type: 'Column', items: [text('Risk'), text('High')] },
          ],
        },
      ]),
    );
    expect(blocks).toEqual([
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: 'Health\n*Active*', verbatim: true },
          { type: 'mrkdwn', text: 'Risk\nHigh', verbatim: true },
        ],
      },
    ]);
  });

  it('turns a text column plus one button into a section with the button as accessory', () => {
    const { blocks } = toBlockKit(
      card([
        {
          type: 'ColumnSet',
          columns: [
            { type: 'Column', items: [text('web-07'), text('Linux')] },
            {
              type: 'Column',
              items: [{ type: 'ActionSet', actions: [execute('machine.show', { id: 'm1' })] }],
            },
          ],
        },
      ]),
    );
    expect(blocks).toEqual([
      {
        type: 'section',
        text: { type: 'mrkdwn', text: 'web-07\nLinux', verbatim: true },
        accessory: {
          type: 'button',
          text: { type: 'plain_text', text: 'machine.show', emoji: true },
          action_id: 'machine.show',
          value: 'm1',
        },
      },
    ]);
  });

  it('flattens a ColumnSet that holds more than text', () => {
    const { blocks } = toBlockKit(
      card([
        {
          type: 'ColumnSet',
          columns: [
            { type: 'Column', items: [{ type: 'Image', url: 'https://example.com/a.png', altText: 'logo' }] },
            { type: 'Column', items: [text('beside')] },
          ],
        },
      ]),
    );
    expect(blocks.map((block) => block.type)).toEqual(['image', 'section']);
  });
});

describe('Image', () => {
  it('becomes an image block, always with alt text, and only for http(s) urls', () => {
    const { blocks } = toBlockKit(
      card([
        { type: 'Image', url: 'https://example.com/a.png', altText: 'Chart' },
        { type: 'Image', url: 'https://example.com/b.png' },
        { type: 'Image', url: 'data:image/png;base64,AAAA' },
      ]),
    );
    expect(blocks).toEqual([
      { type: 'image', image_url: 'https://example.com/a.png', alt_text: 'Chart' },
      { type: 'image', image_url: 'https://example.com/b.png', alt_text: 'Image' },
    ]);
  });
});

describe('actions', () => {
  it('maps Action.Execute to a button whose value is only data.id, with styles', () => {
    const { blocks } = toBlockKit(
      card(
        [],
        [
          execute(
            'approval.approve',
            { id: 'apr_1', secret: 'never', approver: 'x' },
            { style: 'positive', title: 'Approve' },
          ),
          execute('approval.deny', { id: 'apr_1' }, { style: 'destructive', title: 'Deny' }),
        ],
      ),
    );
    expect(blocks).toEqual([
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Approve', emoji: true },
            action_id: 'approval.approve',
            value: 'apr_1',
            style: 'primary',
          },
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Deny', emoji: true },
            action_id: 'approval.deny',
            value: 'apr_1',
            style: 'danger',
          },
        ],
      },
    ]);
  });

  it('drops buttons without an opaque id and actions Slack cannot show', () => {
    const { blocks } = toBlockKit(
      card(
        [],
        [
          execute('a', { notId: 'x' }),
          execute('b', undefined),
          execute('c', { id: 42 }),
          { type: 'Action.ShowCard', title: 'more', card: card([]) },
          { type: 'Action.ToggleVisibility', title: 't', targetElements: [] },
          { type: 'Action.Submit', title: 'Send', data: { id: 's1' } },
        ],
      ),
    );
    expect(blocks).toEqual([
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Send', emoji: true },
            action_id: 'submit',
            value: 's1',
          },
        ],
      },
    ]);
  });

  it('maps Action.OpenUrl to a link button and ignores non-http links', () => {
    const { blocks } = toBlockKit(
      card([
        {
          type: 'ActionSet',
          actions: [
            { type: 'Action.OpenUrl', title: 'Open', url: 'https://security.microsoft.com/alerts/1' },
            { type: 'Action.OpenUrl', title: 'Bad', url: 'javascript:alert(1)' },
          ],
        },
      ]),
    );
    expect(blocks).toEqual([
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Open', emoji: true },
            action_id: OPEN_URL_ACTION_ID,
            url: 'https://security.microsoft.com/alerts/1',
          },
        ],
      },
    ]);
  });

  it('keeps action_ids unique within a block and lets the adapter recover the verb', () => {
    const { blocks } = toBlockKit(
      card(
        [],
        [
          execute('machine.show', { id: '1' }),
          execute('machine.show', { id: '2' }),
          execute('machine.show', { id: '3' }),
        ],
      ),
    );
    const ids = blocks[0]?.type === 'actions' ? blocks[0].elements.map((button) => button.action_id) : [];
    expect(ids).toEqual(['machine.show', 'machine.show#2', 'machine.show#3']);
    expect(ids.map(verbFromActionId)).toEqual(['machine.show', 'machine.show', 'machine.show']);
    expect(verbFromActionId('approval.approve')).toBe('approval.approve');
  });

  it('leaves no actions block when every action was removed by $when', () => {
    expect(toBlockKit(card([text('x')], [])).blocks.map((block) => block.type)).toEqual(['section']);
  });
});

describe('unknown and malformed content', () => {
  it('skips elements Slack has no equivalent for and tolerates junk', () => {
    const { blocks } = toBlockKit({
      type: 'AdaptiveCard',
      body: [{ type: 'Input.Text', id: 'x' }, null, 'junk', text('kept')],
      actions: 'nope',
    });
    expect(blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: 'kept', verbatim: true } }]);
  });
});

describe('fallback text', () => {
  it('is the first heading plus the facts, escaped', () => {
    const { text: fallback } = toBlockKit(
      card([
        text('Machine <web-07>', { size: 'Large' }),
        text('subtitle'),
        {
          type: 'FactSet',
          facts: [
            { title: 'OS', value: 'Linux' },
            { title: 'Risk', value: '**High**' },
          ],
        },
      ]),
    );
    expect(fallback).toBe('Machine &lt;web-07&gt;\nOS: Linux\nRisk: High');
  });

  it('is never empty, even for a card of only buttons', () => {
    expect(toBlockKit(card([], [execute('machine.show', { id: '1' })])).text).toBe(
      'Message from the Defender bot',
    );
  });

  it('uses the first lines when the card has no facts', () => {
    expect(toBlockKit(card([text('Title'), text('line one'), text('line two')])).text).toBe(
      'Title\nline one\nline two',
    );
  });
});
