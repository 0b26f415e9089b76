// Signs requests the way Slack does (v0 HMAC-SHA256 over "v0:<ts>:<raw body>") and builds slash
// command and block_actions bodies with the fields Slack really sends.
import { createHmac, randomUUID } from 'node:crypto';
import { request } from 'node:http';

export interface SlackSignatureHeaders {
  'x-slack-signature': string;
  'x-slack-request-timestamp': string;
}

export function signSlackRequest(
  secret: string,
  body: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): SlackSignatureHeaders {
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
  /** Only on Enterprise Grid. */
  enterprise_id?: string;
}

/**
 * A fresh trigger_id, as Slack gives each command and click its own: the bot takes it as the
 * delivery id and drops a second request carrying the same one as a redelivery.
 */
export function newTriggerId(): string {
  return `${Date.now()}.${randomUUID().replaceAll('-', '').slice(0, 16)}`;
}

/** application/x-www-form-urlencoded body of a slash command (a fresh trigger_id unless given). */
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
    trigger_id: newTriggerId(),
    ...fields,
  };
  return new URLSearchParams({ ...all }).toString();
}

export interface BlockActionsOptions {
  userId?: string;
  userName?: string;
  /** The workspace the click came through (`team.id`), and the clicking user's own unless userTeamId says otherwise. */
  teamId?: string;
  /** The clicking user's workspace (`user.team_id`): differs from teamId for an outsider in a Slack Connect channel. */
  userTeamId?: string;
  /** The Grid org (`enterprise.id` and `team.enterprise_id`). */
  enterpriseId?: string;
  triggerId?: string;
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
  const enterpriseId = options.enterpriseId;
  return {
    type: 'block_actions',
    user: {
      id: userId,
      username: options.userName ?? 'alice',
      name: options.userName ?? 'alice',
      team_id: options.userTeamId ?? teamId,
    },
    api_app_id: 'A0DEFBOT',
    token: 'legacy-verification-token',
    container: {
      type: 'message',
      message_ts: messageTs,
      channel_id: channelId,
      is_ephemeral: options.isEphemeral ?? false,
    },
    trigger_id: options.triggerId ?? newTriggerId(),
    team: {
      id: teamId,
      domain: 'contoso',
      ...(enterpriseId ? { enterprise_id: enterpriseId, enterprise_name: 'Contoso Group' } : {}),
    },
    enterprise: enterpriseId ? { id: enterpriseId, name: 'Contoso Group' } : null,
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
  /** More headers, e.g. X-Slack-Retry-Num on a redelivery. */
  headers?: Record<string, string>;
}

/** POSTs a signed body to the bot, as Slack would. */
export function postSignedToSlackEndpoint(
  url: string,
  secret: string,
  body: string,
  options: SignedPostOptions = {},
): Promise<Response> {
  const headers = signSlackRequest(secret, body, options.timestamp);
  return fetch(url, {
    method: 'POST',
    headers: {
      ...headers,
      ...(options.signature ? { 'x-slack-signature': options.signature } : {}),
      'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
      ...options.headers,
    },
    body,
  });
}

/**
 * POSTs a signed body in chunks with no Content-Length (Transfer-Encoding: chunked), so only the bytes
 * the server reads can tell it the size. Resolves with the status and body of the answer, which may
 * come before every chunk is sent (the server may stop reading and close).
 */
export function postChunkedToSlackEndpoint(
  url: string,
  secret: string,
  body: string,
  options: SignedPostOptions & { chunkBytes?: number } = {},
): Promise<{ status: number; text: string }> {
  const headers = {
    ...signSlackRequest(secret, body, options.timestamp),
    ...(options.signature ? { 'x-slack-signature': options.signature } : {}),
    'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
    'transfer-encoding': 'chunked',
    ...options.headers,
  };
  const bytes = Buffer.from(body, 'utf8');
  const chunkBytes = options.chunkBytes ?? 64 * 1024;
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(url, { method: 'POST', headers }, (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8') }),
      );
      res.on('error', reject);
    });
    // Writing after the server has answered and closed fails; only an error before any answer counts.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const send = (offset: number): void => {
      if (answered || req.destroyed) return;
      if (offset >= bytes.length) return void req.end();
      const more = req.write(bytes.subarray(offset, offset + chunkBytes));
      if (more) setImmediate(() => send(offset + chunkBytes));
      else req.once('drain', () => send(offset + chunkBytes));
    };
    send(0);
  });
}

export interface EventCallbackOptions {
  /** The workspace the event happened in (`team_id`). */
  teamId?: string;
  enterpriseId?: string;
  /** The author's workspace (`event.user_team`): differs from teamId for an outsider in a Slack Connect channel. */
  userTeamId?: string;
  userId?: string;
  eventId?: string;
}

/** JSON body of an Events API delivery (an app_mention), as Slack sends it. */
export function eventCallbackBody(options: EventCallbackOptions = {}): string {
  const teamId = options.teamId ?? 'T0TEAM';
  const userTeam = options.userTeamId ?? teamId;
  return JSON.stringify({
    token: 'legacy-verification-token',
    team_id: teamId,
    ...(options.enterpriseId ? { enterprise_id: options.enterpriseId } : {}),
    api_app_id: 'A0DEFBOT',
    event: {
      type: 'app_mention',
      user: options.userId ?? 'U0ALICE',
      text: '<@U0BOT> machine pc-01',
      ts: '1700000002.000100',
      channel: 'C0SOC',
      event_ts: '1700000002.000100',
      team: userTeam,
      user_team: userTeam,
      source_team: userTeam,
    },
    type: 'event_callback',
    event_id: options.eventId ?? `Ev${randomUUID().replaceAll('-', '').slice(0, 10).toUpperCase()}`,
    event_time: 1700000002,
    authorizations: [
      {
        enterprise_id: options.enterpriseId ?? null,
        team_id: teamId,
        user_id: 'U0BOT',
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: userTeam !== teamId,
  });
}

export interface ViewSubmissionOptions {
  userId: string;
  teamId?: string;
  viewId: string;
  privateMetadata: string;
  /** block_id -> action_id -> the input's state ({ value } or { selected_option: { value } }). */
  values: Record<string, Record<string, Record<string, unknown>>>;
  callbackId?: string;
}

/** form body of a view_submission, as Slack sends when the user submits a modal. */
export function viewSubmissionBody(options: ViewSubmissionOptions): string {
  const teamId = options.teamId ?? 'T0TEAM';
  const payload = {
    type: 'view_submission',
    team: { id: teamId, domain: 'contoso' },
    user: { id: options.userId, username: 'alice', name: 'alice', team_id: teamId },
    api_app_id: 'A0DEFBOT',
    token: 'legacy-verification-token',
    trigger_id: newTriggerId(),
    view: {
      id: options.viewId,
      team_id: teamId,
      type: 'modal',
      callback_id: options.callbackId ?? 'defbot.form',
      private_metadata: options.privateMetadata,
      state: { values: options.values },
      hash: '1700000000.abcdef',
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
