// Drives the real Teams adapter as Teams would: messages that @mention the bot in a channel and
// Action.Execute clicks (adaptiveCard/action invokes), posted as Bot Framework activities to /api/messages
// with this server's fake connector as their serviceUrl.
import { randomUUID } from 'node:crypto';
import express, { Router, type Request } from 'express';
import { z } from 'zod';
import {
  botBaseUrl,
  PLAYGROUND_PATH,
  TEAMS_BOT,
  TEAMS_CHANNEL_ID,
  TEAMS_TEAM_ID,
  TEAMS_TENANT_ID,
  type PlaygroundContext,
} from './context.js';
import { findDemoUser, type DemoUser } from './users.js';
import { badInput } from './errors.js';

const sendInput = z.object({ user: z.string().min(1), text: z.string().trim().min(1).max(3000) });
const invokeInput = z.object({
  user: z.string().min(1),
  messageId: z.string().min(1),
  verb: z.string().min(1).max(100),
  data: z.unknown(),
});
const invokeAnswer = z.object({ statusCode: z.number(), type: z.string(), value: z.unknown() });

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

function userOf(id: string): DemoUser {
  const user = findDemoUser('teams', id);
  if (!user) throw badInput('not a playground Teams user');
  return user;
}

/** The fields every activity from the playground's Teams channel carries. */
function envelope(req: Request, user: DemoUser, id: string): Record<string, unknown> {
  return {
    id,
    timestamp: new Date().toISOString(),
    serviceUrl: `${botBaseUrl(req)}${PLAYGROUND_PATH}/teams/`,
    channelId: 'msteams',
    from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
    conversation: {
      isGroup: true,
      conversationType: 'channel',
      tenantId: TEAMS_TENANT_ID,
      id: TEAMS_CHANNEL_ID,
    },
    recipient: TEAMS_BOT,
    channelData: {
      tenant: { id: TEAMS_TENANT_ID },
      teamsChannelId: TEAMS_CHANNEL_ID,
      teamsTeamId: TEAMS_TEAM_ID,
      channel: { id: TEAMS_CHANNEL_ID },
      team: { id: TEAMS_TEAM_ID },
    },
    locale: 'en-US',
  };
}

async function postActivity(
  req: Request,
  activity: Record<string, unknown>,
): Promise<{ status: number; text: string }> {
  const response = await fetch(`${botBaseUrl(req)}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  return { status: response.status, text: await response.text() };
}

async function sendMessage(req: Request, context: PlaygroundContext): Promise<unknown> {
  const { user: userId, text } = sendInput.parse(req.body);
  const user = userOf(userId);
  const id = context.store.nextActivityId();
  const mention = `<at>${TEAMS_BOT.name}</at>`;
  context.store.add({
    platform: 'teams',
    id,
    conversation: TEAMS_CHANNEL_ID,
    author: { kind: 'user', id: user.id, name: user.name },
    text: `@${TEAMS_BOT.name} ${text}`,
  });
  const activity = {
    ...envelope(req, user, id),
    type: 'message',
    textFormat: 'plain',
    text: `${mention} ${text}`,
    entities: [{ type: 'mention', mentioned: TEAMS_BOT, text: mention }],
    attachments: [],
  };
  const { status } = await postActivity(req, activity);
  return { status };
}

async function invoke(req: Request, context: PlaygroundContext): Promise<unknown> {
  const input = invokeInput.parse(req.body);
  const user = userOf(input.user);
  const { store } = context;
  const activity = {
    ...envelope(req, user, `f:${randomUUID()}`),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: input.messageId,
    value: {
      action: { type: 'Action.Execute', id: 'playground', verb: input.verb, data: input.data },
      trigger: 'manual',
    },
  };
  const { status, text } = await postActivity(req, activity);
  const answer = text ? invokeAnswer.safeParse(JSON.parse(text)) : undefined;
  if (!answer?.success) return { status };
  // A card answer replaces the clicked card for the clicking user only; a text answer is shown to them alone.
  if (answer.data.type === ADAPTIVE_CARD)
    store.setCardForUser('teams', input.messageId, user.id, answer.data.value);
  else if (typeof answer.data.value === 'string') {
    store.add({
      platform: 'teams',
      id: store.nextActivityId(),
      conversation: TEAMS_CHANNEL_ID,
      author: { kind: 'bot' },
      text: answer.data.value,
      visibleTo: user.id,
    });
  }
  return { status, type: answer.data.type };
}

export function teamsDriveRouter(context: PlaygroundContext): Router {
  const router = Router();
  const json = express.json({ limit: '64kb' });
  router.post('/send', json, async (req, res) => void res.json(await sendMessage(req, context)));
  router.post('/invoke', json, async (req, res) => void res.json(await invoke(req, context)));
  return router;
}
