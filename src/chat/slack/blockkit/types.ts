// The few Block Kit shapes the converter produces (structurally compatible with @slack/types).

export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

export interface MrkdwnText {
  type: 'mrkdwn';
  text: string;
  verbatim?: boolean;
}

export interface ButtonElement {
  type: 'button';
  text: PlainText;
  action_id: string;
  /** Only the opaque id the card's button carried. */
  value?: string;
  url?: string;
  style?: 'primary' | 'danger';
}

export interface HeaderBlock {
  type: 'header';
  text: PlainText;
}

export interface SectionBlock {
  type: 'section';
  text?: MrkdwnText;
  fields?: MrkdwnText[];
  accessory?: ButtonElement;
}

export interface ActionsBlock {
  type: 'actions';
  elements: ButtonElement[];
}

export interface ContextBlock {
  type: 'context';
  elements: MrkdwnText[];
}

export interface ImageBlock {
  type: 'image';
  image_url: string;
  alt_text: string;
}

export type SlackBlock = HeaderBlock | SectionBlock | ActionsBlock | ContextBlock | ImageBlock;

export interface BlockKitMessage {
  blocks: SlackBlock[];
  /** Notification and fallback text (mrkdwn-escaped). */
  text: string;
}
