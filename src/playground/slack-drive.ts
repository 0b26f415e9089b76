// Drives the real Slack adapter as Slack would: the browser says who typed or clicked what, and these
// routes build the slash command / block_actions bodies, sign them with the demo signing secret
// (so the secret never reaches the browser) and post them to the bot's /slack/events.
import { createHmac, randomUUID } from 'node:crypto';
import express, { Router, type Request } from 'express';
import { z } from 'zod';
import {
  botBaseUrl,
  PLAYGROUND_PATH,
  SLACK_CHANNEL,
  SLACK_TEAM_ID,
  type PlaygroundContext,
  type ResponseTarget,
} from './context.js';
import { badInput } from './errors.js';
import { findDemoUser, type DemoUser } from './users.js';

const sendInput = z.object({ user: z.string().min(1), text: z.string().trim().min(1).max(3000) });
const clickInput = z.object({
  user: z.string().min(1),
  messageId: z.string().min(1),
  actionId: z.string().min(1).max(255),
  value: z.string().max(2000).optional(),
});
const ackBody = z.object({
  text: z.string().default(''),
  blocks: z.array(z.unknown()).optional(),
  response_type: z.enum(['in_channel', 'ephemeral']).optional(),
});

export function userOf(id: string): DemoUser {
  const user = findDemoUser('slack', id);
  if (!user) throw badInput('not a playground Slack user');
  return user;
}

function handle(req: Request, context: PlaygroundContext, target: ResponseTarget): string {
  const id = randomUUID();
  context.responseTargets.set(id, target);
  return `${botBaseUrl(req)}${PLAYGROUND_PATH}/slack/response/${id}`;
}

/** POSTs a body to /slack/events signed the way Slack signs it (v0 HMAC-SHA256 over "v0:<ts>:<body>"). */
export async function postSigned(
  req: Request,
  context: PlaygroundContext,
  body: string,
): Promise<{ status: number; text: string }> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', context.slackSigningSecret)
    .update(`v0:${timestamp}:${body}`)
    .digest('hex');
  const response = await fetch(`${botBaseUrl(req)}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': `v0=${signature}`,
    },
    body,
  });
  return { status: response.status, text: await response.text() };
}

async function sendCommand(req: Request, context: PlaygroundContext): Promise<unknown> {
  const { user: userId, text } = sendInput.parse(req.body);
  const user = userOf(userId);
  const { store } = context;
  // Slack shows the invocation to others only when the answer goes to the channel.
  const typed = store.add({
    platform: 'slack',
    id: store.nextTs(),
    conversation: SLACK_CHANNEL.id,
    author: { kind: 'user', id: user.id, name: user.name },
    text: `/defender ${text}`,
    visibleTo: user.id,
  });
  // The ack's ephemeral answer is the slash command's "original": response_url may replace or delete it.
  const target: ResponseTarget = { userId: user.id, channel: SLACK_CHANNEL.id };
  const body = new URLSearchParams({
    token: 'playground-verification-token',
    team_id: SLACK_TEAM_ID,
    team_domain: 'playground',
    channel_id: SLACK_CHANNEL.id,
    channel_name: SLACK_CHANNEL.name,
    user_id: user.id,
    user_name: user.name,
    command: '/defender',
    text,
    api_app_id: 'A0PLAYGROUND',
    is_enterprise_install: 'false',
    response_url: handle(req, context, target),
    trigger_id: context.slackViews.trigger(user.id),
  }).toString();
  const ack = await postSigned(req, context, body);
  const answer = ack.text.trim() ? ackBody.safeParse(JSON.parse(ack.text)) : undefined;
  if (answer?.success) {
    const { text: answerText, blocks, response_type: type } = answer.data;
    if (type === 'in_channel') store.publish('slack', typed.id);
    const shown = store.add({
      platform: 'slack',
      id: store.nextTs(),
      conversation: SLACK_CHANNEL.id,
      author: { kind: 'bot' },
      text: answerText,
      ...(blocks ? { blocks } : {}),
      ...(type === 'in_channel' ? {} : { visibleTo: user.id }),
    });
    target.messageTs = shown.id;
  }
  return { status: ack.status, acked: ack.text.trim() ? 'with an answer' : 'empty' };
}

async function click(req: Request, context: PlaygroundContext): Promise<unknown> {
  const input = clickInput.parse(req.body);
  const user = userOf(input.user);
  const message = context.store.find('slack', input.messageId);
  if (!message || (message.visibleTo !== undefined && message.visibleTo !== user.id)) return { status: 404 };
  const payload = {
    type: 'block_actions',
    user: { id: user.id, username: user.name, name: user.name, team_id: SLACK_TEAM_ID },
    api_app_id: 'A0PLAYGROUND',
    token: 'playground-verification-token',
    container: {
      type: 'message',
      message_ts: message.id,
      channel_id: message.conversation,
      is_ephemeral: message.visibleTo !== undefined,
    },
    trigger_id: context.slackViews.trigger(user.id),
    team: { id: SLACK_TEAM_ID, domain: 'playground' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: message.conversation, name: SLACK_CHANNEL.name },
    message: { type: 'message', ts: message.id, text: message.text, blocks: message.blocks ?? [] },
    state: { values: {} },
    response_url: handle(req, context, {
      userId: user.id,
      channel: message.conversation,
      messageTs: message.id,
    }),
    actions: [
      {
        type: 'button',
        block_id: 'playground',
        action_id: input.actionId,
        text: { type: 'plain_text', text: 'button', emoji: true },
        ...(input.value === undefined ? {} : { value: input.value }),
        action_ts: String(Date.now() / 1000),
      },
    ],
  };
  const ack = await postSigned(
    req,
    context,
    new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
  );
  return { status: ack.status };
}

export function slackDriveRouter(context: PlaygroundContext): Router {
  const router = Router();
  const json = express.json({ limit: '64kb' });
  router.post('/send', json, async (req, res) => void res.json(await sendCommand(req, context)));
  router.post('/click', json, async (req, res) => void res.json(await click(req, context)));
  return router;
}
