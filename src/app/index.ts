// The application layer's public surface, for the chat adapters and the composition root above it:
// the dispatcher (Interaction -> command -> authorize -> answer now or enqueue), the buttons, the
// subscription and sign-in commands, the admission doorkeeper and the answer types.
export { createDoorkeeper } from './admission.js';
export type { Admission, Doorkeeper } from './admission.js';
export { alertIsolationReason, createAlertCardActions } from './alert-actions.js';
export type { AlertActionDeps } from './alert-actions.js';
export { createCardActions } from './card-actions.js';
export type { CardActionDeps } from './card-actions.js';
export { createDispatcher } from './dispatch.js';
export type { CardActionHandler, CardCommand, CardCommandHandler, DispatcherDeps } from './dispatch.js';
export { createMachineCardCommands } from './machine-card-actions.js';
export type { MachineCardDeps } from './machine-card-actions.js';
export { mountHuntDownloads } from './hunt-downloads.js';
export type { HuntDownloadDeps } from './hunt-downloads.js';
export { settle } from './settle.js';
export type { Settled } from './settle.js';
export { createUserContextCommands } from './signin-commands.js';
export type { UserContextCommands, UserContextCommandsDeps } from './signin-commands.js';
export { SIGNIN_CALLBACK_PATH, SIGNIN_START_PATH, mountSignInRoutes } from './signin.js';
export type { SignInRoutesDeps } from './signin.js';
export { DEFAULT_SUBSCRIPTION_SEVERITY, createSubscriptionCommands } from './subscriptions.js';
export type {
  SubscriptionCommand,
  SubscriptionCommandDeps,
  SubscriptionCommandHandler,
} from './subscriptions.js';
export type { ImmediateAnswer, InteractionHandler } from './types.js';
