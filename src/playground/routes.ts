// Mounts the playground on the bot's own server (demo mode only): the page and its assets, the
// chat history it polls (with any Slack modal open for the user), the fake Slack Web API and Bot
// Connector, and the routes that drive them.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import express, { Router, type Express } from 'express';
import { z } from 'zod';
import { createContext, PLAYGROUND_PATH, type PlaygroundContext, type PlaygroundOptions } from './context.js';
import { playgroundErrors } from './errors.js';
import { simRouter } from './sim.js';
import { slackApiRouter } from './slack-api.js';
import { slackDriveRouter } from './slack-drive.js';
import { slackSubmitRouter } from './slack-submit.js';
import { teamsConnectorRouter } from './teams-connector.js';
import { teamsDriveRouter } from './teams-drive.js';
import { DEMO_USERS } from './users.js';

const STATIC_DIR = fileURLToPath(new URL('./static/', import.meta.url));
/** The official renderer, as Teams itself uses it (UMD build: a global `AdaptiveCards`). */
const ADAPTIVE_CARDS_JS = createRequire(import.meta.url).resolve('adaptivecards/dist/adaptivecards.min.js');

const messagesQuery = z.object({ platform: z.enum(['slack', 'teams']), user: z.string().min(1) });

function pageRouter(context: PlaygroundContext): Router {
  const router = Router();
  router.get('/', (_req, res) =>
    res.set('cache-control', 'no-store').sendFile('index.html', { root: STATIC_DIR }),
  );
  router.get('/vendor/adaptivecards.min.js', (_req, res) => res.sendFile(ADAPTIVE_CARDS_JS));
  router.use('/static', express.static(STATIC_DIR, { index: false }));
  router.get('/api/users', (_req, res) => res.json(DEMO_USERS));
  router.get('/api/messages', (req, res) => {
    const { platform, user } = messagesQuery.parse(req.query);
    // A Slack modal the bot opened for this user (views.open) shows over the channel.
    const modal = platform === 'slack' ? context.slackViews.forUser(user) : undefined;
    res.set('cache-control', 'no-store').json({
      revision: context.store.revision,
      messages: context.store.visibleTo(platform, user),
      ...(modal ? { modal } : {}),
    });
  });
  return router;
}

export interface Playground {
  /** For startBot's mountExtraRoutes. */
  mount(app: Express): void;
  context: PlaygroundContext;
}

export function createPlayground(options: PlaygroundOptions): Playground {
  const context = createContext(options);
  return {
    context,
    mount(app) {
      const router = Router();
      router.use('/slack', slackApiRouter(context), slackDriveRouter(context), slackSubmitRouter(context));
      router.use('/teams', teamsConnectorRouter(context), teamsDriveRouter(context));
      router.use('/sim', simRouter(context));
      router.use(pageRouter(context));
      router.use(playgroundErrors);
      app.use(PLAYGROUND_PATH, router);
    },
  };
}
