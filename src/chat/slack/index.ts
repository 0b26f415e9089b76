// The Slack adapter: what the runtime wires in (slackAdapterFactory, the ChatAdapter port) and what the worker posts through (Reply).
export { createSlackAdapter, slackAdapterFactory, SLACK_EVENTS_PATH } from './adapter.js';
export type {
  SlackAdapter,
  SlackAdapterMetrics,
  SlackAdapterOptions,
  SlackAdapterOverrides,
  SlackWiring,
} from './adapter.js';
export { createSlackReply } from './reply.js';
export type { SlackChatClient } from './reply.js';
export { createSlackWebClient, slackClientOptions } from './web-client.js';
export type { SlackWebClient } from './web-client.js';
export { createBoltLogger, maskSlackSecrets } from './log-bridge.js';
export { slackErrorToBotError } from './errors.js';
export { toSlackMessage } from './render.js';
export type { SlackMessage } from './render.js';
export { COMMAND_PATTERN, commandResponse } from './command-listener.js';
export { FAILURE_TEXT, INVALID_BUTTON_TEXT } from './deps.js';
export { toBlockKit } from './blockkit.js';
export { createSlackDirectory } from './directory.js';
export type { DirectoryAnswer, DirectoryOutcome, SlackDirectory } from './directory.js';
export { FOREIGN_ORGANISATION_TEXT, STILL_STARTING_TEXT } from './workspace-gate.js';
export type { SlackRequestKind } from './organisation.js';
