// Collects blocks while the card is walked: consecutive text lines share one section (split at
// Slack's section limit), and anything cut to fit is remembered for the final note.
import { SLACK_LIMITS, truncateMrkdwn } from './limits.js';
import type { ButtonElement, MrkdwnText, SlackBlock } from './types.js';

/** verbatim: Slack must not auto-link URLs or parse @here / #channel written in card text. */
export function mrkdwn(text: string): MrkdwnText {
  return { type: 'mrkdwn', text, verbatim: true };
}

export class BlockEmitter {
  readonly blocks: SlackBlock[] = [];
  private lines: string[] = [];
  cut = false;

  /** Nothing emitted yet: a bold first line can become the header. */
  get isEmpty(): boolean {
    return this.blocks.length === 0 && this.lines.length === 0;
  }

  addLine(line: string): void {
    if (line.trim().length > 0) this.lines.push(line);
  }

  /** Ends the current run of text; called at every container boundary and non-text element. */
  flush(): void {
    let text = '';
    for (const line of this.lines) {
      const fitted = this.fit(line, SLACK_LIMITS.sectionText);
      if (text && text.length + 1 + fitted.length > SLACK_LIMITS.sectionText) {
        this.pushSection(text);
        text = fitted;
      } else {
        text = text ? `${text}\n${fitted}` : fitted;
      }
    }
    if (text) this.pushSection(text);
    this.lines = [];
  }

  push(block: SlackBlock): void {
    this.flush();
    this.blocks.push(block);
  }

  /** Sections of up to ten fields each. */
  pushFields(fields: readonly string[], accessory?: ButtonElement): void {
    this.flush();
    const fitted = fields
      .filter((field) => field.trim())
      .map((field) => this.fit(field, SLACK_LIMITS.fieldText));
    for (let start = 0; start < fitted.length; start += SLACK_LIMITS.fieldsPerSection) {
      const chunk = fitted.slice(start, start + SLACK_LIMITS.fieldsPerSection);
      const isLast = start + SLACK_LIMITS.fieldsPerSection >= fitted.length;
      this.blocks.push({
        type: 'section',
        fields: chunk.map(mrkdwn),
        ...(isLast && accessory ? { accessory } : {}),
      });
    }
  }

  pushSection(text: string, accessory?: ButtonElement): void {
    this.blocks.push({ type: 'section', text: mrkdwn(text), ...(accessory ? { accessory } : {}) });
  }

  fit(text: string, max: number): string {
    if (text.length <= max) return text;
    this.cut = true;
    return truncateMrkdwn(text, max);
  }
}
