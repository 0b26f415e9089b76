// The local playground of `npm run demo`: a browser chat that drives the real Slack and Teams
// adapters through fake platform endpoints on the bot's own server.
export { createPlayground } from './routes.js';
export type { Playground } from './routes.js';
export { PLAYGROUND_PATH, SLACK_CHANNEL, TEAMS_CHANNEL_ID, TEAMS_TENANT_ID } from './context.js';
export type { PlaygroundOptions, PlaygroundContext } from './context.js';
export { DEMO_USERS, demoRbacYaml, findDemoUser } from './users.js';
export type { DemoUser, PlaygroundPlatform } from './users.js';
export type { PlaygroundMessage, VisibleMessage } from './store.js';
