import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CARD_NAMES,
  CARD_SAMPLES,
  CARD_VERB_LIST,
  MINIMAL_CARD_SAMPLES,
  cardsDir,
  renderCard,
  type CardName,
} from '../../src/cards/index.js';
import type { AdaptiveCardJson } from '../../src/core/index.js';
import { adaptiveCardProblems, allStrings, findByType } from './adaptive-validator.js';

const variants = [
  ['full', CARD_SAMPLES],
  ['minimal', MINIMAL_CARD_SAMPLES],
] as const;

function render(name: CardName, samples: typeof CARD_SAMPLES): AdaptiveCardJson {
  // The sample maps are keyed by name, so the pair always matches; TS cannot see that through the union.
  return renderCard(name, samples[name] as never);
}

describe('card templates', () => {
  it('uses a validator that does report problems', () => {
    const broken = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'TextBlock', text: 'x', size: 'huge' }, { type: 'Nope' }],
    };
    expect(adaptiveCardProblems(broken)).toHaveLength(2);
  });

  it('has exactly one template file per card name', () => {
    const files = readdirSync(cardsDir())
      .filter((file) => file.endsWith('.json'))
      .map((file) => file.replace(/\.json$/, ''))
      .sort();
    expect(files).toEqual([...CARD_NAMES].sort());
  });

  it.each(CARD_NAMES)('template %s declares schema 1.5', (name) => {
    const template = JSON.parse(readFileSync(join(cardsDir(), `${name}.json`), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(template.$schema).toBe('http://adaptivecards.io/schemas/adaptive-card.json');
    expect(template.type).toBe('AdaptiveCard');
    expect(template.version).toBe('1.5');
  });

  for (const [variant, samples] of variants) {
    describe(`rendered with ${variant} sample data`, () => {
      it.each(CARD_NAMES)('%s parses with the official library without any warning', (name) => {
        expect(adaptiveCardProblems(render(name, samples))).toEqual([]);
      });

      it.each(CARD_NAMES)('%s has every expression expanded', (name) => {
        const card = render(name, samples);
        const leftovers = allStrings(card).filter(
          ({ value }) => value.includes('${') || value === '$when' || value === '$data',
        );
        expect(leftovers).toEqual([]);
        expect(card.version).toBe('1.5');
      });

      it.each(CARD_NAMES)('%s gives every TextBlock and fact a non-empty string', (name) => {
        const card = render(name, samples);
        for (const block of findByType(card, 'TextBlock')) {
          expect(typeof block.text).toBe('string');
          expect((block.text as string).length).toBeGreaterThan(0);
        }
        for (const factSet of findByType(card, 'FactSet')) {
          for (const fact of factSet.facts as Array<Record<string, unknown>>) {
            expect(typeof fact.title).toBe('string');
            expect(typeof fact.value).toBe('string');
          }
        }
      });

      it.each(CARD_NAMES)('%s buttons carry only an opaque id and a known verb', (name) => {
        const card = render(name, samples);
        for (const action of findByType(card, 'Action.Execute', 'Action.Submit')) {
          expect(action.type).toBe('Action.Execute');
          expect(CARD_VERB_LIST).toContain(action.verb);
          expect(Object.keys(action.data as object)).toEqual(['id']);
          expect((action.data as { id: unknown }).id).toEqual(expect.stringMatching(/^\S+$/));
        }
        for (const link of findByType(card, 'Action.OpenUrl')) {
          expect(new URL(link.url as string).protocol).toBe('https:');
        }
      });
    });
  }
});
