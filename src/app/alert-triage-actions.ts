// Alert triage from the alert card: "Assign to me", "Resolve…" and "Comment…" (forms: Teams shows them
// on the card, Slack asks for a modal first, answered here with the form), and the alert list's
// "Triage". Each becomes the typed command's job — same role check, same value checks, same audit —
// carrying the clicked card so the worker redraws it with the alert's new state.
import type { Queue } from 'bullmq';
import type { AuditTrail } from '../audit/index.js';
import { authorize } from '../authz/index.js';
import { commentForm, resolveForm } from '../cards/index.js';
import {
  authorizationOf,
  checkCommentText,
  checkVerdictChoice,
  type JobCommand,
  type Verb,
} from '../commands/index.js';
import type { RbacConfig } from '../config/types.js';
import type { Interaction, MessageRef } from '../core/interaction.js';
import { INVALID_BUTTON_TEXT } from '../core/vocabulary.js';
import type { Logger } from '../core/logger.js';
import { ALERT_ID_PATTERN } from '../defender/index.js';
import type { AlertInfoStore } from '../jobs/alerts/index.js';
import type { DefenderJob } from '../jobs/types.js';
import { privately, unavailableAnswer } from './answers.js';
import type { CardActionHandler } from './dispatch.js';
import { safeJobId } from './dispatch.js';
import type { ImmediateAnswer } from './types.js';

export interface AlertTriageDeps {
  rbac: RbacConfig;
  alertInfo: Pick<AlertInfoStore, 'get'>;
  defenderQueue: Pick<Queue<DefenderJob>, 'add'>;
  audit: Pick<AuditTrail, 'record'>;
  logger: Logger;
}

type Click = Interaction & { input: { kind: 'cardAction' } };

export function createAlertTriageActions(deps: AlertTriageDeps): Record<string, CardActionHandler> {
  return {
    'alert.show': (click) => triage(deps, click, 'alert', (alertId) => ({ verb: 'alert', alertId })),
    'alert.assign': (click) =>
      triage(deps, click, 'assign', (alertId, card) => ({
        verb: 'assign',
        alertId,
        assignee: { kind: 'me' },
        ...card,
      })),
    'alert.resolve': (click) => resolveClick(deps, click),
    'alert.comment': (click) => commentClick(deps, click),
  };
}

async function resolveClick(deps: AlertTriageDeps, click: Click): Promise<ImmediateAnswer> {
  const { values } = click.input;
  if (values === undefined) return form(deps, click, 'resolve');
  const verdict = checkVerdictChoice(values.verdict ?? '');
  if (!verdict.ok) return privately('Not possible', verdict.error.message);
  const comment = checkCommentText(values.comment ?? '', { word: 'resolve', usage: 'Resolve…' });
  if (!comment.ok) return privately('Not possible', comment.error.message);
  return triage(deps, click, 'resolve', (alertId, card) => ({
    verb: 'resolve',
    alertId,
    ...verdict.value,
    comment: comment.value,
    ...card,
  }));
}

async function commentClick(deps: AlertTriageDeps, click: Click): Promise<ImmediateAnswer> {
  const { values } = click.input;
  if (values === undefined) return form(deps, click, 'comment');
  const text = checkCommentText(values.comment ?? '', { word: 'comment', usage: 'Comment…' });
  if (!text.ok) return privately('Not possible', text.error.message);
  return triage(deps, click, 'comment', (alertId, card) => ({
    verb: 'comment',
    alertId,
    text: text.value,
    ...card,
  }));
}

/** The clicked alert id, or undefined when the button's id cannot be an alert's. */
function alertIdOf(click: Click): string | undefined {
  return ALERT_ID_PATTERN.test(click.input.actionId) ? click.input.actionId : undefined;
}

/** A form button without its values (Slack's button before the modal): the form, if this person may. */
async function form(
  deps: AlertTriageDeps,
  click: Click,
  verb: 'resolve' | 'comment',
): Promise<ImmediateAnswer> {
  const alertId = alertIdOf(click);
  if (!alertId) return privately('Unknown button', INVALID_BUTTON_TEXT);
  const decision = authorize(click.actor, authorizationOf(verb), deps.rbac);
  if (decision.kind === 'deny') return privately('Not allowed', decision.reason);
  const info = await deps.alertInfo.get(alertId).catch(() => undefined);
  const alert = { id: alertId, title: info?.title ?? alertId };
  const card = verb === 'resolve' ? resolveForm(alert) : commentForm(alert);
  return {
    visibility: 'form',
    message: { card, text: `${verb === 'resolve' ? 'Resolve' : 'Comment on'} ${alert.title}` },
  };
}

/** Checks the role, records the decision, and queues the command's job with the clicked card to redraw. */
async function triage(
  deps: AlertTriageDeps,
  click: Click,
  verb: Verb & JobCommand['verb'],
  command: (alertId: string, card: { card?: MessageRef }) => JobCommand,
): Promise<ImmediateAnswer> {
  const alertId = alertIdOf(click);
  if (!alertId) return privately('Unknown button', INVALID_BUTTON_TEXT);
  const decision = authorize(click.actor, authorizationOf(verb), deps.rbac);
  await deps.audit.record({
    type: 'authz',
    at: new Date(click.receivedAt).toISOString(),
    correlationId: click.correlationId,
    platform: click.platform,
    actorId: click.actor.id,
    ...(click.actor.aadObjectId ? { actorAad: click.actor.aadObjectId } : {}),
    verb,
    decision: decision.kind,
    ...(decision.kind === 'deny' ? { reason: decision.reason } : {}),
    details: { alertId, from: 'card' },
  });
  if (decision.kind === 'deny') return privately('Not allowed', decision.reason);
  const { messageId } = click.input;
  const card = messageId ? { card: { conversation: click.conversation, messageId } } : {};
  const job: DefenderJob = {
    kind: 'command',
    command: command(alertId, card),
    requester: { actor: click.actor, conversation: click.conversation, correlationId: click.correlationId },
  };
  try {
    await deps.defenderQueue.add(job.kind, job, { jobId: safeJobId(click.correlationId) });
  } catch (error) {
    deps.logger.error({ err: error }, 'could not enqueue an alert triage click');
    return unavailableAnswer();
  }
  return { visibility: 'none' };
}
