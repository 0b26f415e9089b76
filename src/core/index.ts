export { BotError, asBotError, isBotError } from './errors.js';
export type { BotErrorOptions, ErrorCode } from './errors.js';
export { correlationMixin, currentCorrelationId, mergeCorrelation, withCorrelation } from './correlation.js';
export type { CorrelationContext } from './correlation.js';
export { asyncDestination, createLogger, scrubText, REDACTED_PATHS } from './logger.js';
export type { AsyncDestination, Logger, CreateLoggerOptions } from './logger.js';
export type {
  Platform,
  ChatUser,
  ConversationRef,
  InteractionInput,
  Interaction,
  AdaptiveCardJson,
  OutgoingMessage,
  MessageRef,
  PostOptions,
  Reply,
  UploadedFile,
} from './interaction.js';
export { createLogLimiter } from './log-limiter.js';
export type { LogDecision, LogLimiter, LogLimiterOptions } from './log-limiter.js';
export type { ChatAdapter, ChatAdapterDeps, ChatAdapterFactory, ChatWiring } from './chat-adapter.js';
export {
  APPROVAL_STATES,
  FORM_INPUT_LIMITS,
  INVALID_BUTTON_TEXT,
  ISOLATION_TYPES,
  SCAN_TYPES,
  SEVERITIES,
  SLACK_COMMAND,
  commandPrefix,
} from './vocabulary.js';
export type { ApprovalState, FormInputId, IsolationType, ScanType, Severity } from './vocabulary.js';
export { systemClock } from './clock.js';
export type { Clock } from './clock.js';
