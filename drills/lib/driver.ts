// Drives the bot the way Slack users would (signed slash commands and button clicks) and reads
// what the user saw: the ack body, late answers through response_url, and cards on the fake Slack.
import type { FakeSlack, FakeSlackCall } from '../../test/helpers/fake-slack.js';
import { content } from '../../test/helpers/slack-flow.js';
import {
  blockActionsBody,
  postSignedToSlackEndpoint,
  slashCommandBody,
} from '../../test/helpers/slack-signing.js';
import { SIGNING_SECRET } from './bot.js';

export interface Answer {
  status: number;
  /** The id of the request's response_url on the fake Slack. */
  responseId: string;
  /** The ack body as Slack got it ('' when the ack was empty or the request failed). */
  ack: string;
  /** The ack body, plus anything later sent to this request's response_url. */
  text(): string;
}

export class DrillDriver {
  private seq = 0;

  constructor(
    private readonly slackEvents: string,
    private readonly slack: FakeSlack,
  ) {}

  newChannel(): string {
    return `CDRILL${Date.now().toString(36)}${++this.seq}`.toUpperCase();
  }

  async command(text: string, user: string, channel: string): Promise<Answer> {
    const responseId = `r-${++this.seq}`;
    const body = slashCommandBody({
      text,
      user_id: user,
      channel_id: channel,
      response_url: this.slack.responseUrl(responseId, { channel, user }),
    });
    return this.send(body, responseId);
  }

  async click(
    button: { action_id: string; value: string },
    user: string,
    channel: string,
    messageTs: string,
  ): Promise<Answer> {
    const responseId = `a-${++this.seq}`;
    const body = blockActionsBody({
      userId: user,
      channelId: channel,
      messageTs,
      actions: [button],
      responseUrl: this.slack.responseUrl(responseId),
    });
    return this.send(body, responseId);
  }

  private async send(body: string, responseId: string): Promise<Answer> {
    let status = 0;
    let ack = '';
    let failed = '';
    try {
      const response = await postSignedToSlackEndpoint(this.slackEvents, SIGNING_SECRET, body);
      status = response.status;
      ack = await response.text();
    } catch (error) {
      failed = `request failed: ${error instanceof Error ? error.message : String(error)}`;
    }
    const late = () =>
      this.slack.calls().filter((c) => c.method === 'response_url' && c.responseId === responseId);
    return {
      status,
      responseId,
      ack,
      text: () => [failed || ack, ...late().map((c) => JSON.stringify(c.body))].join('\n'),
    };
  }
}

/** Calls the fake Slack answered ok (a 429 or error answer delivered nothing). */
export const delivered = (call: FakeSlackCall): boolean => call.response?.ok === true;

export { content };
