// The Bot Connector service the demo bot answers Teams through (the activities' serviceUrl points
// here): replies, proactive posts, card updates and 1:1 chats, all written into the chat history,
// and the member API that tells the bot each demo user's email and UPN.
import express, { Router, type Request } from 'express';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { TEAMS_TENANT_ID, type PlaygroundContext } from './context.js';
import { findDemoUser } from './users.js';

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

const activityBody = z.looseObject({
  type: z.string().optional(),
  text: z.string().optional(),
  attachments: z.array(z.looseObject({ contentType: z.string(), content: z.unknown() })).optional(),
});
const createBody = z.looseObject({ members: z.array(z.object({ id: z.string().min(1) })).min(1) });

function contentOf(body: unknown): { text: string; card?: unknown } | undefined {
  const parsed = activityBody.safeParse(body);
  if (!parsed.success || (parsed.data.type !== undefined && parsed.data.type !== 'message')) return undefined;
  const card = parsed.data.attachments?.find(
    (attachment) => attachment.contentType === ADAPTIVE_CARD,
  )?.content;
  return { text: parsed.data.text ?? '', ...(card === undefined ? {} : { card }) };
}

function conversationOf(req: Request): string {
  return String(req.params.conversationId);
}

export function teamsConnectorRouter(context: PlaygroundContext): Router {
  const router = Router();
  router.use(express.json({ limit: '1mb' }));
  const { store } = context;

  const post = (req: Request): { id: string } | undefined => {
    const content = contentOf(req.body);
    if (!content) return undefined;
    const conversation = conversationOf(req);
    const id = store.nextActivityId();
    const privateTo = context.personalChats.get(conversation);
    store.add({
      platform: 'teams',
      id,
      conversation,
      author: { kind: 'bot' },
      ...content,
      ...(privateTo ? { visibleTo: privateTo } : {}),
    });
    return { id };
  };

  // Reply to an activity, or a new message in the conversation: both land in the channel.
  router.post(
    [
      '/v3/conversations/:conversationId/activities/:replyToId',
      '/v3/conversations/:conversationId/activities',
    ],
    (req, res) => {
      const sent = post(req);
      // Typing indicators and other non-message activities are accepted and not shown.
      res.status(200).json(sent ?? { id: randomUUID() });
    },
  );
  router.put('/v3/conversations/:conversationId/activities/:activityId', (req, res) => {
    const content = contentOf(req.body);
    if (!content || !store.update('teams', String(req.params.activityId), content)) {
      return void res
        .status(404)
        .json({ error: { code: 'ActivityNotFound', message: 'no such activity in the playground' } });
    }
    res.json({ id: req.params.activityId });
  });
  router.delete('/v3/conversations/:conversationId/activities/:activityId', (req, res) => {
    if (!store.remove('teams', String(req.params.activityId)))
      return void res
        .status(404)
        .json({ error: { code: 'ActivityNotFound', message: 'no such activity in the playground' } });
    res.status(200).json({});
  });
  // A 1:1 chat with one user (Reply.postPrivate): what the bot posts there only that user sees.
  router.post('/v3/conversations', (req, res) => {
    const parsed = createBody.safeParse(req.body);
    const member = parsed.success ? parsed.data.members[0]?.id : undefined;
    if (!member || !findDemoUser('teams', member))
      return void res.status(400).json({ error: { code: 'BadArgument', message: 'unknown member' } });
    const id = `a:playground-chat-${member}`;
    context.personalChats.set(id, member);
    res.status(201).json({ id, activityId: randomUUID(), serviceUrl: '' });
  });
  router.get('/v3/conversations/:conversationId/members/:memberId', (req, res) => {
    const user = findDemoUser('teams', String(req.params.memberId));
    if (!user)
      return void res.status(404).json({ error: { code: 'MemberNotFound', message: 'unknown member' } });
    // What the real member API gives (TeamsChannelAccount): the bot matches email: RBAC entries on it.
    res.json({
      id: user.id,
      name: user.name,
      aadObjectId: user.aadObjectId,
      email: user.email,
      userPrincipalName: user.userPrincipalName,
      tenantId: TEAMS_TENANT_ID,
    });
  });
  return router;
}
