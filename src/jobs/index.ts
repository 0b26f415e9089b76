// The jobs layer's public surface, for the composition root above it: the queues and their job
// data, the defender and notify processors, machine-action follow-up, the alert poller and the
// per-user client chooser.
export { createActionFollows, createLiveSessions, DEFAULT_LIFECYCLE } from './actions/index.js';
export type { ActionFollows, LifecycleOptions } from './actions/index.js';
export {
  createAlertCardIndex,
  createAlertCards,
  createAlertInfoStore,
  createSentStore,
  createSubscriptionStore,
  startAlertPoller,
} from './alerts/index.js';
export type {
  AlertInfo,
  AlertInfoStore,
  AlertPoller,
  AlertPollerOptions,
  AlertPollTuning,
  SentStore,
  Subscription,
  SubscriptionStore,
} from './alerts/index.js';
export { alertPollCorrelationId, defenderJobCorrelationId, notifyJobCorrelationId } from './correlation.js';
export { createDefenderProcessor } from './defender-worker.js';
export type { DefenderWorkerDeps } from './defender-worker.js';
export { createNotifyProcessor } from './notify.js';
export type { NotifyDeps } from './notify.js';
export { createQueues, enqueueMachineAction } from './queues.js';
export type { BotQueues } from './queues.js';
export { ThrottleGate } from './steer.js';
export { QUEUE_NAMES } from './types.js';
export type { AlertsJob, DefenderJob, NotifyJob, Requester } from './types.js';
export { createClientChooser, refusingAppTokens } from './user-context.js';
export { createHuntingPorts } from './hunting.js';
export type { HuntingDeps, HuntingFor } from './hunting.js';
export { createHuntCsvLinks, HUNT_CSV_PATH, HUNT_CSV_TTL_MS } from './hunt-csv-links.js';
export type { HuntCsvLinks, HuntCsvRecord } from './hunt-csv-links.js';
export type { ClientChooserDeps, DefenderClientFor } from './user-context.js';
export { PICK_TTL_MS, createPickStore, parsePickButton, pickButtonId } from './picks.js';
export type { MachineField, PickRecord, PickStore } from './picks.js';
