// Turns typed card data into template values: display text escaped, timestamps formatted in UTC,
// links checked. Ids and URLs pass through untouched because they are bound as values, not markup.
import { BotError } from '../core/index.js';
import { escapeMarkdown } from './markdown.js';

type TemplateValue = string | number | boolean | null | TemplateValue[] | { [key: string]: TemplateValue };

const isIdKey = (key: string): boolean => key === 'id' || key.endsWith('Id');
const isUrlKey = (key: string): boolean => key.endsWith('Url');
const isTimeKey = (key: string): boolean => key.endsWith('At');

/** "2024-05-01 10:22 UTC": unambiguous for a team spread over time zones, and the same on both platforms. */
export function formatUtc(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time))
    throw new BotError('INTERNAL', 'A card could not be drawn.', { details: { badTimestamp: iso } });
  return `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function checkUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new BotError('INTERNAL', 'A card could not be drawn.', {
      cause,
      details: { reason: 'invalid link' },
    });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new BotError('INTERNAL', 'A card could not be drawn.', {
      details: { reason: 'link is not http(s)' },
    });
  }
  return url;
}

function prepareString(key: string, value: string): string {
  if (isIdKey(key)) return value;
  if (isUrlKey(key)) return checkUrl(value);
  if (isTimeKey(key)) return formatUtc(value);
  return escapeMarkdown(value);
}

/** `key` is the nearest property name; array items inherit their array's key. */
export function prepareValue(key: string, value: unknown): TemplateValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return prepareString(key, value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    return value.map((item: unknown) => prepareValue(key, item)).filter((item) => item !== undefined);
  }
  if (typeof value === 'object') {
    const prepared: { [key: string]: TemplateValue } = {};
    for (const [childKey, child] of Object.entries(value)) {
      const childValue = prepareValue(childKey, child);
      // Absent optional fields stay absent, so the templates' `exists(...)` checks see them as missing.
      if (childValue !== undefined) prepared[childKey] = childValue;
    }
    return prepared;
  }
  throw new BotError('INTERNAL', 'A card could not be drawn.', {
    details: { reason: `unsupported ${typeof value}` },
  });
}
