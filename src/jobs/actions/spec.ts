// A machine-action verb's MDE side, as its declaration says: the type it creates and its submission.
import { machineActionOf } from '../../commands/index.js';
import type { DefenderClient, MachineAction, MachineActionType } from '../../defender/index.js';
import type { ActionSpec } from '../types.js';

/** The MachineAction type MDE creates for this verb. */
export function mdeActionType(verb: string): MachineActionType {
  return machineActionOf(verb).type;
}

export function submitAction(
  client: DefenderClient,
  spec: ActionSpec,
  comment: string,
): Promise<MachineAction> {
  return machineActionOf(spec.verb).submit(client, spec, comment);
}
