// Bot Framework activities as Teams sends them (message in a channel / group chat / personal chat,
// Action.Execute invoke, bot added/removed), with the real field sets, and a poster for /api/messages.
import { randomUUID } from 'node:crypto';

export const TENANT_ID = '72f988bf-0000-4000-8000-0000000000aa';
/** Another organisation's Entra tenant: the bot must refuse everything from it. */
export const FOREIGN_TENANT_ID = 'f0e1d2c3-0000-4000-8000-0000000000bb';
export const BOT_ID = '28:defbot-app-id';
export const BOT_NAME = 'Defbot';
export const CHANNEL_ID = '19:soc-channel@thread.tacv2';
export const TEAM_ID = '19:soc-team@thread.tacv2';
export const GROUP_CHAT_ID = '19:meeting_group@thread.v2';
export const PERSONAL_CHAT_ID = 'a:1personal-chat-with-alice';

export type TeamsActivity = Record<string, unknown>;
export type Scope = 'channel' | 'groupChat' | 'personal';

export interface Sender {
  id: string;
  name: string;
  aadObjectId: string;
}

export const ALICE: Sender = {
  id: '29:1alice-teams-id',
  name: 'Alice Analyst',
  aadObjectId: 'a1a1a1a1-0000-4000-8000-000000000001',
};
export const BOB: Sender = {
  id: '29:1bob-teams-id',
  name: 'Bob Approver',
  aadObjectId: 'b2b2b2b2-0000-4000-8000-000000000002',
};

export interface ActivityOptions {
  serviceUrl: string;
  scope?: Scope;
  from?: Sender;
  botId?: string;
  /** Teams' own activity id; random by default. */
  id?: string;
  /** The Entra tenant in channelData and conversation (default TENANT_ID); null: an activity naming none. */
  tenantId?: string | null;
}

function conversationOf(scope: Scope, messageId: string, tenantId: string | null): Record<string, unknown> {
  const tenant = tenantId === null ? {} : { tenantId };
  if (scope === 'channel')
    return {
      isGroup: true,
      conversationType: 'channel',
      ...tenant,
      id: `${CHANNEL_ID};messageid=${messageId}`,
    };
  if (scope === 'groupChat')
    return { isGroup: true, conversationType: 'groupChat', ...tenant, id: GROUP_CHAT_ID };
  return { conversationType: 'personal', ...tenant, id: PERSONAL_CHAT_ID };
}

function channelDataOf(scope: Scope, tenantId: string | null): Record<string, unknown> {
  const base = tenantId === null ? {} : { tenant: { id: tenantId } };
  if (scope !== 'channel') return base;
  return {
    ...base,
    teamsChannelId: CHANNEL_ID,
    teamsTeamId: TEAM_ID,
    channel: { id: CHANNEL_ID },
    team: { id: TEAM_ID },
  };
}

function envelope(options: ActivityOptions): TeamsActivity {
  const scope = options.scope ?? 'channel';
  const id = options.id ?? String(1_700_000_000_000 + Math.floor(Math.random() * 1_000_000));
  const from = options.from ?? ALICE;
  const tenantId = options.tenantId === undefined ? TENANT_ID : options.tenantId;
  return {
    id,
    timestamp: '2026-03-01T10:00:00.000Z',
    localTimestamp: '2026-03-01T11:00:00.000+01:00',
    serviceUrl: options.serviceUrl,
    channelId: 'msteams',
    from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    conversation: conversationOf(scope, id, tenantId),
    recipient: { id: options.botId ?? BOT_ID, name: BOT_NAME },
    channelData: channelDataOf(scope, tenantId),
    locale: 'en-US',
  };
}

/** A message; in a channel or group chat it starts with the bot's @mention (as Teams requires there). */
export function messageActivity(text: string, options: ActivityOptions): TeamsActivity {
  const scope = options.scope ?? 'channel';
  const botId = options.botId ?? BOT_ID;
  const mention = `<at>${BOT_NAME}</at>`;
  const mentioned = scope !== 'personal';
  return {
    ...envelope(options),
    type: 'message',
    textFormat: 'plain',
    text: mentioned ? `${mention} ${text}` : text,
    entities: [
      ...(mentioned ? [{ type: 'mention', mentioned: { id: botId, name: BOT_NAME }, text: mention }] : []),
      { type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web', timezone: 'Europe/Berlin' },
    ],
    attachments: [],
  };
}

export interface CardActionOptions extends ActivityOptions {
  verb: string;
  data: unknown;
  /** The id of the message that carries the clicked card. */
  replyToId?: string;
}

/** An Action.Execute click as Teams invokes it (`adaptiveCard/action`). */
export function cardActionActivity(options: CardActionOptions): TeamsActivity {
  return {
    ...envelope({ ...options, id: options.id ?? `f:${randomUUID()}` }),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: options.replyToId ?? '1700000000555',
    value: {
      action: { type: 'Action.Execute', id: 'button-1', verb: options.verb, data: options.data },
      trigger: 'manual',
    },
    entities: [
      { type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web', timezone: 'Europe/Berlin' },
    ],
  };
}

/** The bot added to (or removed from) a team or chat. */
export function botMembershipActivity(change: 'added' | 'removed', options: ActivityOptions): TeamsActivity {
  const botId = options.botId ?? BOT_ID;
  const member = [{ id: botId }];
  const base = envelope(options);
  return {
    ...base,
    type: 'conversationUpdate',
    conversation: { ...(base.conversation as Record<string, unknown>), id: CHANNEL_ID },
    ...(change === 'added' ? { membersAdded: member } : { membersRemoved: member }),
    channelData: {
      ...(base.channelData as Record<string, unknown>),
      eventType: change === 'added' ? 'teamMemberAdded' : 'teamMemberRemoved',
    },
  };
}

export function installationActivity(action: 'add' | 'remove', options: ActivityOptions): TeamsActivity {
  return { ...envelope({ ...options, scope: 'personal' }), type: 'installationUpdate', action };
}

export function postActivity(
  url: string,
  activity: TeamsActivity,
  token?: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: JSON.stringify(activity),
  });
}

/** A generic invoke (messaging extension, task module, …) by name. */
export function invokeActivity(name: string, options: ActivityOptions): TeamsActivity {
  return { ...envelope(options), type: 'invoke', name, value: {} };
}
