// The control surface of the MDE half (src/sim/types.ts MdeControl) plus simulator-only extras.
import type { MdeControl, SimMachineAction } from '../types.js';
import type { MdeContext } from './context.js';
import { completeAlert, completeMachine, type AlertSeed } from './factories.js';
import { indicatorToWire, type SimIndicator } from './indicators.js';
import { advance, isFinal, type FinalStatus } from './lifecycle.js';
import { seedTenant } from './seed.js';

/** What the simulator tracks but never puts on the Machine JSON (MDE has no such field). */
export interface MachineState {
  isolated: boolean;
  isolationType: string | null;
  codeExecutionRestricted: boolean;
}

export interface MdeSimControl extends MdeControl {
  /** Page size of every list endpoint (default 10,000); a smaller one makes nextLink paging testable. */
  setPageSize(size: number): void;
  /** Isolation / restriction as the latest succeeded actions left them. */
  machineState(idOrName: string): MachineState;
  /** Active (unexpired) indicators, as GET /api/indicators with `.All` would list them. */
  listIndicators(): Omit<SimIndicator, 'creatorAppId'>[];
  /** An indicator as if someone had submitted it already (e.g. in the portal). */
  addIndicator(seed: IndicatorSeed): Omit<SimIndicator, 'creatorAppId'>;
}

export type IndicatorSeed = Pick<SimIndicator, 'indicatorValue' | 'indicatorType'> &
  Partial<Omit<SimIndicator, 'id'>>;

const copy = <T>(value: T): T => structuredClone(value);

export function createControl(context: MdeContext): MdeSimControl {
  const { store, options } = context;
  const now = (): number => options.clock.now();
  return {
    addMachine(partial) {
      if (partial.id !== undefined && store.findMachine(partial.id) !== undefined)
        throw new Error(`Machine ${partial.id} already exists`);
      const machine = completeMachine(partial, now());
      store.addMachine(machine);
      return copy(machine);
    },
    listMachines: () => store.machines.map(copy),
    addAlert(partial: AlertSeed) {
      const machine =
        partial.machineId === undefined ? store.machines[0] : store.findMachine(partial.machineId);
      if (machine === undefined)
        throw new Error(`addAlert needs an existing machine (machineId ${partial.machineId ?? 'not given'})`);
      const alert = completeAlert(partial, machine, options.tenantId, now());
      store.alerts.push(alert);
      return copy(alert);
    },
    updateAlert(id, patch) {
      const alert = store.findAlert(id);
      if (alert === undefined) throw new Error(`Alert ${id} was not found`);
      Object.assign(alert, copy(patch), {
        id: alert.id,
        lastUpdateTime: patch.lastUpdateTime ?? new Date(now()).toISOString(),
      });
      return copy(alert);
    },
    listAlerts: () => store.sortedAlerts().map(copy),
    listActions: () => store.settledActions().map((record) => copy(record.action)),
    advanceAction(id, to) {
      const record = store.findAction(id);
      if (record === undefined) throw new Error(`Machine action ${id} was not found`);
      advance(record, now(), options.lifecycle, to);
      return copy(record.action);
    },
    setNextActionOutcomes(outcomes) {
      const finals = outcomes.filter((status): status is FinalStatus => isFinal(status));
      if (finals.length !== outcomes.length)
        throw new Error('Action outcomes must be final: Succeeded, Failed, TimeOut or Cancelled');
      store.setNextOutcomes(finals);
    },
    reset(seed) {
      store.clear();
      context.limiter.clear();
      if (seed ?? options.seed) seedTenant(store, options.tenantId, now());
    },
    setPageSize(size) {
      if (!Number.isInteger(size) || size < 1) throw new Error('Page size must be a positive integer');
      store.pageSize = size;
    },
    listIndicators: () => store.activeIndicators().map((indicator) => copy(indicatorToWire(indicator))),
    addIndicator(seed) {
      const at = new Date(now()).toISOString();
      const indicator = store.addIndicator({
        action: 'Block',
        title: `Indicator ${seed.indicatorValue}`,
        description: 'Added in the portal',
        severity: 'Medium',
        recommendedActions: null,
        expirationTime: null,
        generateAlert: true,
        application: null,
        rbacGroupNames: [],
        sourceType: 'User',
        createdBy: 'secops@contoso.com',
        createdBySource: 'Portal',
        createdByDisplayName: 'SecOps',
        lastUpdatedBy: 'secops@contoso.com',
        creationTimeDateTimeUtc: at,
        lastUpdateTime: at,
        creatorAppId: '00000000-0000-0000-0000-000000000000',
        ...seed,
      });
      return copy(indicatorToWire(indicator));
    },
    machineState(idOrName) {
      const machine = store.findMachine(idOrName);
      if (machine === undefined) throw new Error(`Machine ${idOrName} was not found`);
      return machineState(
        store
          .settledActions()
          .map((record) => record.action)
          .filter((action) => action.machineId === machine.id),
      );
    },
  };
}

/** Actions newest first; the latest succeeded isolate/unisolate (restrict/unrestrict) decides. */
function machineState(actions: SimMachineAction[]): MachineState {
  const latest = (types: SimMachineAction['type'][]) =>
    actions.find((action) => action.status === 'Succeeded' && types.includes(action.type));
  const isolation = latest(['Isolate', 'Unisolate']);
  const restriction = latest(['RestrictCodeExecution', 'UnrestrictCodeExecution']);
  return {
    isolated: isolation?.type === 'Isolate',
    isolationType: isolation?.type === 'Isolate' ? isolation.scope : null,
    codeExecutionRestricted: restriction?.type === 'RestrictCodeExecution',
  };
}
