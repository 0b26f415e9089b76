// Test helper: parses a card with the official `adaptivecards` library (its CommonJS bundle, see
// the platform notes) and returns every parse and validation message, warnings included.
import { createRequire } from 'node:module';
import type * as AdaptiveCards from 'adaptivecards';

const require = createRequire(import.meta.url);
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCards;

export function adaptiveCardProblems(json: unknown): string[] {
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  card.parse(json, context);
  const problems: string[] = [];
  for (let index = 0; index < context.eventCount; index++) {
    const event = context.getEventAt(index);
    problems.push(`parse: ${AC.ValidationEvent[event.event]}: ${event.message}`);
  }
  for (const event of card.validateProperties().validationEvents) {
    problems.push(`validate: ${AC.ValidationEvent[event.event]}: ${event.message}`);
  }
  return problems;
}

/** Every string anywhere in a JSON value, with its path. */
export function allStrings(value: unknown, path = '$'): Array<{ path: string; value: string }> {
  if (typeof value === 'string') return [{ path, value }];
  if (Array.isArray(value))
    return value.flatMap((item: unknown, index) => allStrings(item, `${path}[${index}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => [
      ...allStrings(key, `${path}.<key>`),
      ...allStrings(child, `${path}.${key}`),
    ]);
  }
  return [];
}

/** Every object in a JSON value whose `type` is one of `types`. */
export function findByType(value: unknown, ...types: string[]): Array<Record<string, unknown>> {
  if (Array.isArray(value)) return value.flatMap((item: unknown) => findByType(item, ...types));
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const self = typeof record.type === 'string' && types.includes(record.type) ? [record] : [];
    return [...self, ...Object.values(record).flatMap((child) => findByType(child, ...types))];
  }
  return [];
}
