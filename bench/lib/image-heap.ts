// The bot's processes in a benchmark start with the heap sizing of the image's start command — the
// NODE_OPTIONS the Dockerfile sets — so the memory figures are those of the image as shipped. Read
// from the Dockerfile itself: one place to change it, and a benchmark cannot measure other flags.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DOCKERFILE = fileURLToPath(new URL('../../Dockerfile', import.meta.url));

export function imageNodeOptions(): string {
  const found = /^\s*NODE_OPTIONS="([^"]*)"/m.exec(readFileSync(DOCKERFILE, 'utf8'));
  if (!found?.[1]) throw new Error('The Dockerfile sets no NODE_OPTIONS="…" for the image’s start command');
  return found[1];
}
