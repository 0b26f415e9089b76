// The machine card's "Request isolation…": a form (isolation type, reason) whose submit is the typed
// `isolate <machine> <type> <reason>` and goes the same way — role, identity, four-eyes, audit. The
// button carries only the machine id; the form's values are checked here exactly as typed ones are.
import { authorize } from '../authz/index.js';
import { isolateForm } from '../cards/index.js';
import { authorizationOf, isolateFromForm } from '../commands/index.js';
import type { RbacConfig } from '../config/types.js';
import { INVALID_BUTTON_TEXT } from '../core/vocabulary.js';
import { privately } from './answers.js';
import type { CardCommand, CardCommandHandler, Click } from './dispatch.js';

export interface MachineCardDeps {
  rbac: RbacConfig;
}

/** An MDE machine id (40 hex digits): what the machine card's buttons carry. */
export const MACHINE_ID = /^[0-9a-f]{40}$/i;

export function createMachineCardCommands(deps: MachineCardDeps): Record<string, CardCommandHandler> {
  return { 'isolate.request': (click) => Promise.resolve(isolationRequest(deps, click)) };
}

function isolationRequest(deps: MachineCardDeps, click: Click): CardCommand {
  const machineId = click.input.actionId;
  if (!MACHINE_ID.test(machineId)) return { answer: privately('Unknown button', INVALID_BUTTON_TEXT) };
  const { values } = click.input;
  if (values === undefined) return form(deps, click, machineId);
  const command = isolateFromForm(machineId, values);
  if (!command.ok) return { answer: privately('Not possible', command.error.message) };
  return { command: command.value };
}

/** The button without the form's values (Slack's click before the modal): the form, if this person may ask. */
function form(deps: MachineCardDeps, click: Click, machineId: string): CardCommand {
  const decision = authorize(click.actor, authorizationOf('isolate'), deps.rbac);
  if (decision.kind === 'deny') return { answer: privately('Not allowed', decision.reason) };
  return {
    answer: {
      visibility: 'form',
      message: { card: isolateForm({ id: machineId }), text: `Request isolation of ${machineId}` },
    },
  };
}
