// Maps a chat verb onto its MDE machine action: the call to make and the MDE type it creates.
import {
  MDE_ISOLATION_TYPE,
  MDE_SCAN_TYPE,
  type DefenderClient,
  type MachineAction,
  type MachineActionType,
} from '../../defender/index.js';
import type { ActionSpec, ActionVerb } from '../types.js';

export const MDE_ACTION_TYPE: Record<ActionVerb, MachineActionType> = {
  isolate: 'Isolate',
  release: 'Unisolate',
  restrict: 'RestrictCodeExecution',
  unrestrict: 'UnrestrictCodeExecution',
  scan: 'RunAntiVirusScan',
  collect: 'CollectInvestigationPackage',
};

export function submitAction(
  client: DefenderClient,
  spec: ActionSpec,
  comment: string,
): Promise<MachineAction> {
  switch (spec.verb) {
    case 'isolate':
      return client.isolate(spec.machineId, comment, MDE_ISOLATION_TYPE[spec.isolationType ?? 'full']);
    case 'release':
      return client.unisolate(spec.machineId, comment);
    case 'restrict':
      return client.restrictCodeExecution(spec.machineId, comment);
    case 'unrestrict':
      return client.unrestrictCodeExecution(spec.machineId, comment);
    case 'scan':
      return client.runAntiVirusScan(spec.machineId, comment, MDE_SCAN_TYPE[spec.scanType ?? 'quick']);
    case 'collect':
      return client.collectInvestigationPackage(spec.machineId, comment);
  }
}
