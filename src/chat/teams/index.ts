// The Teams adapter: what the runtime wires in (teamsAdapterFactory, the ChatAdapter port) and what the worker posts through (Reply).
export { createTeamsAdapter, teamsAdapterFactory, TEAMS_MESSAGES_PATH } from './adapter.js';
export type {
  TeamsAdapter,
  TeamsAdapterOptions,
  TeamsAdapterOverrides,
  TeamsMetrics,
  TeamsWiring,
} from './adapter.js';
export type { TeamsCredentialsFactory } from './authentication.js';
export { createConversationStore, conversationKey } from './conversation-store.js';
export type { ConversationStore } from './conversation-store.js';
export { conversationReferenceSchema } from './payloads.js';
export type { StoredConversationReference } from './payloads.js';
export { connectorErrorToBotError, BOT_REMOVED_TEXT } from './errors.js';
export { FAILURE_TEXT, INVALID_BUTTON_TEXT, WORKING_TEXT } from './deps.js';
export { FOREIGN_TENANT_INVOKE, FOREIGN_TENANT_TEXT } from './foreign.js';
export { memberKey, DEFAULT_MEMBER_LOOKUP_TIMEOUT_MS } from './members.js';
