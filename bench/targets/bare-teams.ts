// Child process: the Teams baseline — botbuilder's CloudAdapter with authentication off (no app id,
// as the bot under test runs with TEAMS_ALLOW_UNAUTHENTICATED) and an ActivityHandler that answers
// every message with one text reply, on its own express/http server at /api/messages.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import express from 'express';
import { announce, closeOnParentExit } from '../lib/child.js';

const adapter = new CloudAdapter(
  new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: '',
    MicrosoftAppPassword: '',
    MicrosoftAppType: 'MultiTenant',
  }),
);
const bot = new ActivityHandler();
bot.onMessage(async (context, next) => {
  await context.sendActivity('Hello from the bare bot.');
  await next();
});

const app = express();
app.post('/api/messages', express.json(), (req, res) =>
  adapter.process(req, res, (context) => bot.run(context)),
);
const server = createServer(app);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
closeOnParentExit(
  () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
);
announce({ teamsMessages: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages` });
