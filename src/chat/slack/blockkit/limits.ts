// Slack's Block Kit limits (api.slack.com/reference/block-kit) and truncation that stays visible
// and never cuts an escape or a link in half.

export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  elementsPerActions: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  actionId: 255,
  headerText: 150,
  contextText: 3000,
  imageUrl: 3000,
  imageAltText: 2000,
  messageText: 3000,
} as const;

export const TRUNCATED_SUFFIX = '… (truncated)';
export const SHORT_TRUNCATED_SUFFIX = '…';
export const CUT_NOTE = "Some content was cut to fit Slack's limits.";

/** Plain text: cut by code point so no surrogate pair is split. */
export function truncatePlain(text: string, max: number, suffix = SHORT_TRUNCATED_SUFFIX): string {
  if (text.length <= max) return text;
  let kept = '';
  for (const char of text) {
    if (kept.length + char.length > max - suffix.length) break;
    kept += char;
  }
  return kept + suffix;
}

/** mrkdwn: backs off so an entity (`&amp;`) or a link (`<url|text>`) is dropped whole, not split. */
export function truncateMrkdwn(text: string, max: number, suffix = TRUNCATED_SUFFIX): string {
  if (text.length <= max) return text;
  let cut = truncatePlain(text, max, suffix).length - suffix.length;
  const openLink = text.lastIndexOf('<', cut - 1);
  if (openLink >= 0 && text.lastIndexOf('>', cut - 1) < openLink) cut = openLink;
  const openEntity = text.lastIndexOf('&', cut - 1);
  if (openEntity >= 0 && text.lastIndexOf(';', cut - 1) < openEntity) cut = openEntity;
  return text.slice(0, cut) + suffix;
}
