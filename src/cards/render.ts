// renderCard: typed data in, an Adaptive Card out. Data is bound as values by adaptivecards-templating,
// so nothing in it is evaluated as a template expression.
import { createRequire } from 'node:module';
import type { AdaptiveCardJson } from '../core/index.js';
import { BotError } from '../core/index.js';
import { orderCardData } from './order.js';
import { prepareValue } from './prepare.js';
import { loadTemplate } from './templates.js';
import type { CardDataMap, CardName } from './types.js';

// Loaded through require with the one shape we use: the package's own typings import
// 'adaptivecards/src/schema', TypeScript sources that fail type-checking under this project's settings.
interface TemplateEngine {
  Template: new (payload: object) => { expand(context: { $root: unknown }): unknown };
}
const { Template } = createRequire(import.meta.url)('adaptivecards-templating') as TemplateEngine;

type PreparedTemplate = InstanceType<TemplateEngine['Template']>;
// A Template parses its expressions when constructed; expanding it again is safe, so each is built once.
const prepared = new Map<CardName, PreparedTemplate>();

function templateFor(name: CardName): PreparedTemplate {
  let template = prepared.get(name);
  if (!template) {
    template = new Template(loadTemplate(name));
    prepared.set(name, template);
  }
  return template;
}

export function renderCard<K extends CardName>(name: K, data: CardDataMap[K]): AdaptiveCardJson {
  const values = prepareValue('', orderCardData(name, data));
  const expanded: unknown = templateFor(name).expand({ $root: values });
  if (typeof expanded !== 'object' || expanded === null || Array.isArray(expanded)) {
    throw new BotError('INTERNAL', 'A card could not be drawn.', { details: { card: name } });
  }
  return expanded as AdaptiveCardJson;
}
