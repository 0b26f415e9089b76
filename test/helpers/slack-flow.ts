// Drives the bot the way Slack users would: signed slash commands and button clicks, and reads the
// bot's cards back from the fake Slack Web API.
import { SIGNING_SECRET, type TestBot } from './bot.js';
import type { FakeSlack, FakeSlackCall } from './fake-slack.js';
import { blockActionsBody, postSignedToSlackEndpoint, slashCommandBody } from './slack-signing.js';

export interface SlackButton {
  action_id: string;
  value: string;
}

export class SlackDriver {
  private seq = 0;

  constructor(
    private readonly bot: TestBot,
    private readonly slack: FakeSlack,
  ) {}

  newChannel(): string {
    return `C${Date.now().toString(36)}${++this.seq}`;
  }

  async command(text: string, user: string, channel: string): Promise<{ status: number; body: string }> {
    const response = await postSignedToSlackEndpoint(
      this.bot.slackEvents,
      SIGNING_SECRET,
      slashCommandBody({
        text,
        user_id: user,
        channel_id: channel,
        response_url: this.slack.responseUrl(`r-${++this.seq}`, { channel, user }),
      }),
    );
    return { status: response.status, body: await response.text() };
  }

  async click(button: SlackButton, user: string, channel: string, messageTs: string): Promise<number> {
    const body = blockActionsBody({ userId: user, channelId: channel, messageTs, actions: [button] });
    const response = await postSignedToSlackEndpoint(this.bot.slackEvents, SIGNING_SECRET, body);
    return response.status;
  }

  /** The first message the bot posted to `channel` whose content matches. */
  posted(channel: string, matches: RegExp, timeoutMs = 10_000): Promise<FakeSlackCall> {
    return this.slack.waitFor(
      (c) => c.method === 'chat.postMessage' && c.body.channel === channel && matches.test(content(c)),
      timeoutMs,
    );
  }

  updated(channel: string, ts: string, matches: RegExp, timeoutMs = 15_000): Promise<FakeSlackCall> {
    return this.slack.waitFor(
      (c) =>
        c.method === 'chat.update' &&
        c.body.channel === channel &&
        c.body.ts === ts &&
        matches.test(content(c)),
      timeoutMs,
    );
  }

  ephemeral(channel: string, user: string, matches: RegExp, timeoutMs = 10_000): Promise<FakeSlackCall> {
    return this.slack.waitFor((c) => isPrivateTo(channel, user)(c) && matches.test(content(c)), timeoutMs);
  }
}

/**
 * A message only `user` (any user when absent) sees in `channel`: an ephemeral post to them, or the
 * working message of their slash command replaced with it through the command's response_url.
 */
export function isPrivateTo(channel: string, user?: string): (call: FakeSlackCall) => boolean {
  return (c) =>
    (c.method === 'chat.postEphemeral' &&
      c.body.channel === channel &&
      (user === undefined || c.body.user === user)) ||
    (c.method === 'response_url' &&
      c.body.replace_original === true &&
      c.response?.ok === true &&
      c.owner?.channel === channel &&
      (user === undefined || c.owner.user === user));
}

/** Who a private message is for: the ephemeral post's user, or the response_url's slash command's. */
export const privateUser = (call: FakeSlackCall): unknown =>
  call.method === 'response_url' ? call.owner?.user : call.body.user;

export function content(call: FakeSlackCall): string {
  return JSON.stringify([call.body.text ?? '', call.body.blocks ?? []]);
}

/** What a typed command is answered with at once, until its result takes its place. */
export const WORKING_MESSAGE = /Working on it/;

/**
 * Whether a slash command's "working on it" message still shows, as the fake Slack has it: the ack
 * (`ack`, its body as sent) or a later response_url post said "Working on it", and no
 * `replace_original` or `delete_original` through the command's response_url took effect after it,
 * or the last replacement still says so. A response_url call Slack refused changed nothing.
 */
export function workingStillShowing(
  slack: Pick<FakeSlack, 'calls' | 'responseMessage'>,
  responseId: string,
  ack: string,
): boolean {
  const calls = slack
    .calls()
    .filter((c) => c.method === 'response_url' && c.responseId === responseId && c.response?.ok === true);
  const edits = (c: FakeSlackCall) => c.body.replace_original === true || c.body.delete_original === true;
  const lastEdit = calls.findLastIndex(edits);
  const lastWorking = calls.findLastIndex((c) => !edits(c) && WORKING_MESSAGE.test(content(c)));
  if (lastWorking < 0 && !WORKING_MESSAGE.test(ack)) return false;
  // A working message posted (not as an edit) after the last edit is a message of its own, still there.
  if (lastWorking > lastEdit) return true;
  const shown = slack.responseMessage(responseId);
  if (shown === undefined) return true;
  return shown !== 'deleted' && WORKING_MESSAGE.test(JSON.stringify([shown.text ?? '', shown.blocks ?? []]));
}

/** The buttons of a posted Block Kit message. */
export function buttons(call: FakeSlackCall): SlackButton[] {
  const blocks = (call.body.blocks ?? []) as {
    type: string;
    elements?: { type: string; action_id?: string; value?: string }[];
    accessory?: { type: string; action_id?: string; value?: string };
  }[];
  const found: SlackButton[] = [];
  for (const block of blocks) {
    for (const element of [...(block.elements ?? []), ...(block.accessory ? [block.accessory] : [])]) {
      if (element.type === 'button' && element.action_id && element.value)
        found.push({ action_id: element.action_id, value: element.value });
    }
  }
  return found;
}

/** The message ts the fake Slack answered for a chat.postMessage call. */
export function tsOf(post: FakeSlackCall): string {
  const ts = post.response?.ts;
  if (typeof ts !== 'string') throw new Error('that call has no ts');
  return ts;
}
