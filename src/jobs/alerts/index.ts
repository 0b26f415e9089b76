// Proactive alert notifications: subscriptions, the scheduled poller and its records in Redis.
export { createSubscriptionStore, parseSubscription } from './subscriptions.js';
export type { Subscription, SubscriptionStore } from './subscriptions.js';
export { createSentStore, createAlertInfoStore, SENT_RETENTION_MS } from './sent.js';
export type { AlertInfo, AlertInfoStore, SentRecord, SentStore, ShownState } from './sent.js';
export { createAlertCardIndex, createAlertCards, rememberAlert, MAX_CARDS_PER_ALERT } from './cards.js';
export type { AlertCardIndex, AlertCardsDeps } from './cards.js';
export { createPollCursor } from './cursor.js';
export type { PollCursor } from './cursor.js';
export { alertKeys, alertJobIds, subscriptionKey } from './keys.js';
export { digestMessage, DIGEST_TOP } from './messages.js';
export { matchesSubscription, planForSubscription } from './plan.js';
export type { PlanInput, PollPlan } from './plan.js';
export { pollAlerts, DEFAULT_ALERT_POLL } from './poll.js';
export type { AlertPollDeps, AlertPollOptions, PollSummary } from './poll.js';
export {
  ALERT_POLL_SCHEDULER_ID,
  createAlertsQueue,
  createAlertPollProcessor,
  scheduleAlertPoll,
} from './queue.js';
export { startAlertPoller } from './runner.js';
export type { AlertPoller, AlertPollerOptions, AlertPollTuning } from './runner.js';
