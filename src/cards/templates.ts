// Loads cards/<name>.json once per process. The directory is found by walking up from this file
// to the package root, so it works from src/ (tsx) and from dist/src/ (compiled) alike.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CardName } from './types.js';

function findCardsDirectory(start: string): string {
  let directory = start;
  for (;;) {
    if (existsSync(join(directory, 'package.json')) && existsSync(join(directory, 'cards')))
      return join(directory, 'cards');
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`No cards/ directory beside a package.json above ${start}`);
    directory = parent;
  }
}

let cardsDirectory: string | undefined;
const cache = new Map<CardName, object>();

export function cardsDir(): string {
  cardsDirectory ??= findCardsDirectory(dirname(fileURLToPath(import.meta.url)));
  return cardsDirectory;
}

/** The parsed template. Shared and cached: callers must not mutate it (Template.expand does not). */
export function loadTemplate(name: CardName): object {
  let template = cache.get(name);
  if (!template) {
    template = JSON.parse(readFileSync(join(cardsDir(), `${name}.json`), 'utf8')) as object;
    cache.set(name, template);
  }
  return template;
}
