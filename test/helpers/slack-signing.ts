// Signs requests the way Slack does (v0 HMAC-SHA256 over "v0:<ts>:<raw body>") and builds slash
// command and block_actions bodies with the fields Slack really sends.
import { createHmac } from 'node:crypto';

export interface SlackSignatureHeaders {
  'x-slack-signature': string;
  'x-slack-request-timestamp': string;
}

export function signSlackRequest(secret: string, body: string, timestamp: number = Math.floor(Date.now() / 1000)): SlackSignatureHeaders {
  const signature = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-signature': `v0=${signature}`, 'x-slack-request-timestamp': String(timestamp) };
}

export interface SlashCommandFields {
  token: string;
  team_id: string;
  team_domain: string;
  channel_id: string;
  channel_name: string;
  user_id: string;
  user_name: string;
  command: string;
  text: string;
  api_app_id: string;
  is_enterprise_install: string;
  response_url: string;
  trigger_id: string;
}

/** application/x-www-form-urlencoded body of a slash command. */
export function slashCommandBody(fields: Partial<SlashCommandFields> = {}): string {
  const all: SlashCommandFields = {
    token: 'legacy-verification-token',
    team_id: 'T0TEAM',
    team_domain: 'contoso',
    channel_id: 'C0SOC',
    channel_name: 'soc',
    user_id: 'U0ALICE',
    user_name: 'alice',
    command: '/defender',
    text: 'machine show pc-01',
    api_app_id: 'A0DEFBOT',
    is_enterprise_install: 'false',
    response_url: 'https://hooks.slack.com/commands/T0TEAM/1/abc',
    trigger_id: '1.2.3',
    ...fields,
  };
  return new URLSearchParams({ ...all }).toString();
}

export interface BlockActionsOptions {
  userId?: string;
  userName?: string;
  teamId?: string;
  channelId?: string;
  messageTs?: string;
  isEphemeral?: boolean;
  responseUrl?: string;
  actions?: { action_id: string; value?: string; block_id?: string }[];
}

/** The parsed block_actions payload (what Slack JSON-encodes into `payload=`). */
export function blockActionsPayload(options: BlockActionsOptions = {}): Record<string, unknown> {
  const teamId = options.teamId ?? 'T0TEAM';
  const channelId = options.channelId ?? 'C0SOC';
  const messageTs = options.messageTs ?? '1700000000.000100';
  const userId = options.userId ?? 'U0ALICE';
  const actions = options.actions ?? [{ action_id: 'approval.approve', value: 'apr_6b1f0e2c9d' }];
  return {
    type: 'block_actions',
    user: { id: userId, username: options.userName ?? 'alice', name: options.userName ?? 'alice', team_id: teamId },
    api_app_id: 'A0DEFBOT',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: messageTs, channel_id: channelId, is_ephemeral: options.isEphemeral ?? false },
    trigger_id: '1.2.3',
    team: { id: teamId, domain: 'contoso' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channelId, name: 'soc' },
    message: { type: 'message', ts: messageTs, user: 'U0BOT', bot_id: 'B0BOT', text: 'card', blocks: [] },
    state: { values: {} },
    response_url: options.responseUrl ?? 'https://hooks.slack.com/actions/T0TEAM/1/abc',
    actions: actions.map((action, index) => ({
      type: 'button',
      block_id: action.block_id ?? `b${index}`,
      action_id: action.action_id,
      text: { type: 'plain_text', text: 'Click', emoji: true },
      ...(action.value === undefined ? {} : { value: action.value }),
      action_ts: '1700000001.000001',
    })),
  };
}

/** form body `payload=<JSON>` of an interactivity request. */
export function blockActionsBody(options: BlockActionsOptions = {}): string {
  return new URLSearchParams({ payload: JSON.stringify(blockActionsPayload(options)) }).toString();
}

export interface SignedPostOptions {
  timestamp?: number;
  contentType?: string;
  /** Overrides the computed signature (forgery tests). */
  signature?: string;
}

/** POSTs a signed body to the bot, as Slack would. */
export function postSignedToSlackEndpoint(url: string, secret: string, body: string, options: SignedPostOptions = {}): Promise<Response> {
  const headers = signSlackRequest(secret, body, options.timestamp);
  return fetch(url, {
    method: 'POST',
    headers: {
      ...headers,
      ...(options.signature ? { 'x-slack-signature': options.signature } : {}),
      'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
    },
    body,
  });
}
