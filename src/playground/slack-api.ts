// The Slack Web API the demo bot talks to (SLACK_API_URL points here): auth.test, chat.postMessage,
// chat.update, chat.postEphemeral, users.info and response_url, all written into the chat history, and
// views.open, whose modal the page shows to the user who clicked.
import express, { Router, type Request } from 'express';
import { z } from 'zod';
import { SLACK_SCOPE_NAMES } from '../doctor/services.js';
import { MAX_BODY_BYTES } from '../http/guards.js';
import { SLACK_BOT, SLACK_TEAM_ID, type PlaygroundContext } from './context.js';
import { mountSlackFiles } from './slack-files.js';
import { findDemoUser } from './users.js';

type SlackAnswer = Record<string, unknown>;

/** The WebClient form-encodes its calls, with blocks as a JSON string. */
const blocksField = z.preprocess(
  (value): unknown => (typeof value === 'string' ? JSON.parse(value) : value),
  z.array(z.unknown()),
);
const messageFields = z.object({
  channel: z.string().min(1),
  text: z.string().default(''),
  blocks: blocksField.optional(),
});
const updateFields = messageFields.extend({ ts: z.string().min(1) });
const ephemeralFields = messageFields.extend({ user: z.string().min(1) });
const responseBody = z.object({
  text: z.string().default(''),
  blocks: z.array(z.unknown()).optional(),
  response_type: z.enum(['in_channel', 'ephemeral']).optional(),
  replace_original: z.union([z.boolean(), z.string()]).optional(),
  delete_original: z.union([z.boolean(), z.string()]).optional(),
});

function webApiMethod(context: PlaygroundContext, method: string, body: unknown): SlackAnswer {
  const { store } = context;
  switch (method) {
    case 'auth.test':
      return {
        ok: true,
        url: 'http://playground.slack.local/',
        team: 'Playground',
        user: 'defbot',
        team_id: SLACK_TEAM_ID,
        user_id: SLACK_BOT.userId,
        bot_id: SLACK_BOT.botId,
      };
    case 'chat.postMessage': {
      const fields = messageFields.parse(body);
      const ts = store.nextTs();
      store.add({
        platform: 'slack',
        id: ts,
        conversation: fields.channel,
        author: { kind: 'bot' },
        text: fields.text,
        ...(fields.blocks ? { blocks: fields.blocks } : {}),
      });
      return { ok: true, channel: fields.channel, ts, message: { type: 'message', ts, text: fields.text } };
    }
    case 'chat.update': {
      const fields = updateFields.parse(body);
      if (
        !store.update('slack', fields.ts, {
          text: fields.text,
          ...(fields.blocks ? { blocks: fields.blocks } : {}),
        })
      )
        return { ok: false, error: 'message_not_found' };
      return { ok: true, channel: fields.channel, ts: fields.ts, text: fields.text };
    }
    case 'chat.postEphemeral': {
      const fields = ephemeralFields.parse(body);
      const ts = store.nextTs();
      store.add({
        platform: 'slack',
        id: ts,
        conversation: fields.channel,
        author: { kind: 'bot' },
        text: fields.text,
        visibleTo: fields.user,
        ...(fields.blocks ? { blocks: fields.blocks } : {}),
      });
      return { ok: true, message_ts: ts };
    }
    case 'users.info': {
      const user = findDemoUser('slack', z.object({ user: z.string() }).parse(body).user);
      if (!user) return { ok: false, error: 'user_not_found' };
      return {
        ok: true,
        user: {
          id: user.id,
          team_id: SLACK_TEAM_ID,
          name: user.name.toLowerCase().replace(/\s+/g, '.'),
          real_name: user.name,
          // As Slack gives it to an app with users:read.email: what `assign me` and email: RBAC entries use.
          profile: { real_name: user.name, email: user.email },
        },
      };
    }
    case 'views.open':
      return context.slackViews.openView(body);
    default:
      return { ok: false, error: 'unknown_method' };
  }
}

/** What a response_url POST does: replace the clicked message, or add a new (by default ephemeral) one. */
function respond(context: PlaygroundContext, id: string, body: unknown): boolean {
  const target = context.responseTargets.get(id);
  const parsed = responseBody.safeParse(body);
  if (!target || !parsed.success) return false;
  const { text, blocks, response_type: type, replace_original: replace } = parsed.data;
  const remove = parsed.data.delete_original;
  if (remove === true || remove === 'true')
    return target.messageTs !== undefined && context.store.remove('slack', target.messageTs);
  const content = { text, ...(blocks ? { blocks } : {}) };
  if (
    (replace === true || replace === 'true') &&
    target.messageTs &&
    context.store.update('slack', target.messageTs, content)
  )
    return true;
  context.store.add({
    platform: 'slack',
    id: context.store.nextTs(),
    conversation: target.channel,
    author: { kind: 'bot' },
    ...content,
    ...(type === 'in_channel' ? {} : { visibleTo: target.userId }),
  });
  return true;
}

function bearer(req: Request): string | undefined {
  return /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
}

export function slackApiRouter(context: PlaygroundContext): Router {
  const router = Router();
  // A hunt's CSV: the external upload API, before the generic method route.
  mountSlackFiles(router, context, (token) => token === context.slackBotToken);
  router.post(
    '/api/:method',
    express.urlencoded({ extended: false, limit: MAX_BODY_BYTES }),
    express.json({ limit: MAX_BODY_BYTES }),
    (req, res) => {
      // Like Slack: a wrong or missing token is an HTTP 200 with ok:false.
      if (bearer(req) !== context.slackBotToken) return void res.json({ ok: false, error: 'invalid_auth' });
      try {
        // Like Slack: every answer names the token's scopes (the doctor reads them); the playground's app has them all.
        res.setHeader('x-oauth-scopes', SLACK_SCOPE_NAMES.join(','));
        res.json(webApiMethod(context, String(req.params.method), req.body ?? {}));
      } catch (error) {
        context.logger.warn(
          { method: req.params.method, err: error },
          'playground: Slack API call with invalid arguments',
        );
        res.json({ ok: false, error: 'invalid_arguments' });
      }
    },
  );
  router.post('/response/:id', express.json({ limit: MAX_BODY_BYTES }), (req, res) => {
    if (!respond(context, String(req.params.id), req.body))
      return void res.status(404).json({ ok: false, error: 'expired_url' });
    res.json({ ok: true });
  });
  return router;
}
