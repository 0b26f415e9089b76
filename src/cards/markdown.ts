// Adaptive Card TextBlocks render a markdown subset; text that comes from users or from MDE
// (reasons, machine names, alert titles) is escaped so it can never become a link or formatting.

/**
 * Characters that start links (`[`, `]`), autolinks (`<`, `>`), emphasis or code in the Adaptive Card
 * subset, plus the escape character itself. `(`, `!` and `#` need no escape once `[` cannot open a link.
 */
const MARKDOWN_SPECIAL = /[\\`*_[\]<>~]/g;

export function escapeMarkdown(text: string): string {
  return text.replace(MARKDOWN_SPECIAL, (char) => `\\${char}`);
}
