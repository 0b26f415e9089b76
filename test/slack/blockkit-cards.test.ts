import { describe, expect, it } from 'vitest';
import type { KnownBlock } from '@slack/types';
import {
  CARD_NAMES,
  CARD_SAMPLES,
  MINIMAL_CARD_SAMPLES,
  renderCard,
  type CardName,
} from '../../src/cards/index.js';
import { toBlockKit, verbFromActionId, type SlackBlock } from '../../src/chat/slack/blockkit.js';
import { slackLimitViolations } from './blockkit-limit-check.js';

function convert(name: CardName, samples: typeof CARD_SAMPLES): ReturnType<typeof toBlockKit> {
  return toBlockKit(renderCard(name, samples[name] as never));
}

// Compile-time check that our block shapes are what Slack's own types accept.
const _compatible: (blocks: SlackBlock[]) => KnownBlock[] = (blocks) => blocks;

describe('every card template through the Slack converter', () => {
  for (const [variant, samples] of [
    ['full', CARD_SAMPLES],
    ['minimal', MINIMAL_CARD_SAMPLES],
  ] as const) {
    it.each(CARD_NAMES)(`%s (${variant} sample) stays within every Slack limit`, (name) => {
      const message = convert(name, samples);
      expect(message.blocks.length).toBeGreaterThan(0);
      expect(slackLimitViolations(message)).toEqual([]);
      expect(_compatible(message.blocks)).toBe(message.blocks);
    });
  }

  it('keeps the approval buttons with only the approval id as value', () => {
    const { blocks } = convert('approval-request', CARD_SAMPLES);
    const actions = blocks.filter((block) => block.type === 'actions').flatMap((block) => block.elements);
    expect(actions.map((button) => [verbFromActionId(button.action_id), button.value, button.style])).toEqual(
      [
        ['approval.approve', 'apr_6b1f0e2c9d', 'primary'],
        ['approval.deny', 'apr_6b1f0e2c9d', 'danger'],
      ],
    );
  });

  it('turns each pick-list candidate into a section with its own Show button', () => {
    const { blocks } = convert('machine-picklist', CARD_SAMPLES);
    const rows = blocks.filter((block) => block.type === 'section' && block.accessory);
    expect(rows.map((row) => (row.type === 'section' ? row.accessory?.value : undefined))).toEqual(
      CARD_SAMPLES['machine-picklist'].candidates.map((candidate) => candidate.id),
    );
  });

  it('shows a hostile reason literally: no link, no mention, no template expansion', () => {
    const reason = '${approvalId} [click](http://evil) <!channel> <http://evil2|x> & more';
    const message = toBlockKit(
      renderCard('approval-request', { ...CARD_SAMPLES['approval-request'], reason }),
    );
    const json = JSON.stringify(message);
    expect(json).not.toContain('<http');
    expect(json).not.toContain('<!channel>');
    expect(json).toContain(
      '${approvalId} [click](http://evil) &lt;!channel&gt; &lt;http://evil2|x&gt; &amp; more',
    );
    expect(json).not.toContain(`apr_6b1f0e2c9d [click]`);
  });
});
