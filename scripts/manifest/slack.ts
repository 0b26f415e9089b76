// The Slack app manifest: the YAML template with ${PUBLIC_URL} filled, comments kept for the reader.
import { readFileSync } from 'node:fs';
import { parseDocument, visit } from 'yaml';
import type { ManifestInputs } from './inputs.js';
import { fillTemplate } from './template.js';

export const SLACK_TEMPLATE = new URL('../../manifest/slack/manifest.template.yaml', import.meta.url);

/** Returns the filled manifest as YAML text. */
export function buildSlackManifest(inputs: ManifestInputs): string {
  const document = parseDocument(readFileSync(SLACK_TEMPLATE, 'utf8'));
  if (document.errors.length > 0)
    throw new Error(`the Slack template is not valid YAML: ${document.errors[0]?.message ?? ''}`);
  const values = { PUBLIC_URL: inputs.publicUrl };
  visit(document, {
    Scalar(_key, node) {
      if (typeof node.value === 'string') node.value = fillTemplate(node.value, values);
    },
  });
  return document.toString({ lineWidth: 120 });
}
