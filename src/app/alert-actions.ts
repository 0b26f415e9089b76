// The alert card's buttons. Each carries the alert id as its opaque id. "Request isolation": the server
// maps the id to the machine and title recorded when the alert was shown; the reason is prefilled from
// the alert; an approver still has to approve, exactly as for a typed `isolate`. Triage ("Assign to
// me", "Resolve…", "Comment…") and the alert list's "Triage" become the same jobs as the typed
// `assign`, `resolve`, `comment` and `alert`, checked the same way, with the clicked card to redraw.
import type { Queue } from 'bullmq';
import type { AuditTrail } from '../audit/index.js';
import { authorize, identityUnresolved, needsApproval, unresolvedIdentityMessage } from '../authz/index.js';
import { authorizationOf } from '../commands/index.js';
import type { RbacConfig } from '../config/types.js';
import type { Interaction } from '../core/interaction.js';
import type { Logger } from '../core/logger.js';
import type { AlertInfo, AlertInfoStore } from '../jobs/alerts/index.js';
import type { DefenderJob, Requester } from '../jobs/types.js';
import { privately, unavailableAnswer, workingAnswer } from './answers.js';
import type { CardActionHandler } from './dispatch.js';
import { safeJobId } from './dispatch.js';
import { createAlertTriageActions } from './alert-triage-actions.js';
import type { ImmediateAnswer } from './types.js';

export interface AlertActionDeps {
  rbac: RbacConfig;
  alertInfo: Pick<AlertInfoStore, 'get'>;
  defenderQueue: Pick<Queue<DefenderJob>, 'add'>;
  audit: Pick<AuditTrail, 'record'>;
  logger: Logger;
}

type Click = Interaction & { input: { kind: 'cardAction' } };

export function alertIsolationReason(info: Pick<AlertInfo, 'title' | 'alertId'>): string {
  return `Alert ${info.title} (${info.alertId})`;
}

export function createAlertCardActions(deps: AlertActionDeps): Record<string, CardActionHandler> {
  return {
    'alert.isolate': (click) => requestIsolation(deps, click),
    ...createAlertTriageActions(deps),
  };
}

async function requestIsolation(deps: AlertActionDeps, click: Click): Promise<ImmediateAnswer> {
  const isolate = authorizationOf('isolate');
  const decision = authorize(click.actor, isolate, deps.rbac);
  // Four-eyes later compares every identity of the requester with the approver's: a request from a
  // clicker whose addresses the platform could not give could be approved by their other account.
  const unresolved =
    decision.kind !== 'deny' &&
    needsApproval('isolate', deps.rbac, isolate.approvable) &&
    identityUnresolved(click.actor);
  const info =
    decision.kind === 'deny' || unresolved ? undefined : await deps.alertInfo.get(click.input.actionId);
  const reason = info ? alertIsolationReason(info) : undefined;
  await deps.audit.record({
    type: 'authz',
    at: new Date(click.receivedAt).toISOString(),
    correlationId: click.correlationId,
    platform: click.platform,
    actorId: click.actor.id,
    ...(click.actor.aadObjectId ? { actorAad: click.actor.aadObjectId } : {}),
    verb: 'isolate',
    decision: unresolved ? 'deny' : decision.kind,
    ...(decision.kind === 'deny'
      ? { reason: decision.reason }
      : unresolved
        ? { reason: 'identity not confirmed: the platform directory did not answer' }
        : reason
          ? { reason }
          : {}),
    ...(info ? { machineId: info.machineId } : {}),
  });
  if (decision.kind === 'deny') return privately('Not allowed', decision.reason);
  if (unresolved) return privately('Try again', unresolvedIdentityMessage(click.platform));
  if (!info || !reason)
    return privately(
      'Unknown button',
      'The bot no longer knows that alert; use the isolate command with the machine name.',
    );

  const requester: Requester = {
    actor: click.actor,
    conversation: click.conversation,
    correlationId: click.correlationId,
  };
  try {
    // The worker resolves the machine by its id and, for an approval, reads its facts for the card
    // (health, risk, open alerts): the same start as a typed `isolate`, with the reason prefilled.
    const approval = needsApproval('isolate', deps.rbac, isolate.approvable);
    const command = {
      verb: 'isolate' as const,
      machine: info.machineId,
      isolationType: 'full' as const,
      reason,
    };
    await deps.defenderQueue.add(
      'start-action',
      { kind: 'start-action', command, requester, needsApproval: approval },
      { jobId: safeJobId(click.correlationId) },
    );
    return approval ? { visibility: 'none' } : workingAnswer(`isolate ${info.machineName}`);
  } catch (error) {
    deps.logger.error({ err: error }, 'isolation from an alert could not be requested');
    return unavailableAnswer();
  }
}
