// Error answers and notices, the machine pick list and a machine action's status as MDE reports it:
// messages the look-up jobs, the dispatcher and the worker all show.
import type { OutgoingMessage } from '../../core/interaction.js';
import type { DefenderClient, MachineAction, MachineResolution } from '../../defender/index.js';
import { renderCard } from '../render.js';
import { machineCandidate } from './view.js';

export function errorMessage(title: string, message: string, hint?: string): OutgoingMessage {
  return {
    card: renderCard('error', { title, message, ...(hint ? { hint } : {}) }),
    text: `${title}: ${message}`,
  };
}

/** A short notice in the error card's shape, without its alarm: a confirmation or a state, not a refusal. */
export function noteMessage(title: string, message: string, hint?: string): OutgoingMessage {
  return {
    card: renderCard('error', { title, message, ...(hint ? { hint } : {}), tone: 'note' }),
    text: `${title}: ${message}`,
  };
}

/** A pick list's continue buttons: their title and one opaque id per candidate, in order. */
export interface PickContinuation {
  title: string;
  ids: readonly string[];
}

/**
 * A resolution that is not exactly one machine, as the answer the user sees; undefined when it is one.
 * With `continuation`, each pick list entry also gets a button that continues the command with it.
 */
export function unresolvedAnswer(
  resolution: MachineResolution,
  continuation?: PickContinuation,
): OutgoingMessage | undefined {
  if (resolution.kind === 'none') {
    return errorMessage(
      'No such machine',
      `Defender has no machine matching “${resolution.query}”.`,
      'Try the full DNS name, the MDE machine id or an IP address.',
    );
  }
  if (resolution.kind === 'many') {
    const card = renderCard('machine-picklist', {
      query: resolution.query,
      candidates: resolution.candidates.map((machine, index) => {
        const continueId = continuation?.ids[index];
        return { ...machineCandidate(machine), ...(continueId ? { continueId } : {}) };
      }),
      ...(continuation ? { continueTitle: continuation.title } : {}),
    });
    return { card, text: `${resolution.candidates.length} machines match “${resolution.query}”; pick one.` };
  }
  return undefined;
}

/** A machine action as MDE reports it, on the action-status card. */
export function actionStatusCard(client: DefenderClient, action: MachineAction): OutgoingMessage {
  const card = renderCard('action-status', {
    actionId: action.id,
    type: action.type,
    machineId: action.machineId ?? '',
    machineName: action.computerDnsName ?? action.machineId ?? 'unknown machine',
    status: action.status,
    requestor: action.requestor ?? 'unknown',
    comment: action.requestorComment ?? '',
    createdAt: action.creationDateTimeUtc,
    updatedAt: action.lastUpdateDateTimeUtc ?? action.creationDateTimeUtc,
    tokenContext: client.tokenContext === 'user' ? 'user' : 'application',
  });
  return { card, text: `${action.type} on ${action.computerDnsName ?? action.machineId}: ${action.status}` };
}
