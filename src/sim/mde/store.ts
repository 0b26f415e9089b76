// In-memory tenant state of the MDE half: machines (+ IP sightings for findbyip), alerts, machine actions.
import type { ActionLifecycle, SimAlert, SimClock, SimMachine, SimMachineAction } from '../types.js';
import type { SimIndicator } from './indicators.js';
import { isFinal, settle, type ActionRecord, type FinalStatus } from './lifecycle.js';

export interface IpSighting {
  ipAddress: string;
  atMs: number;
}

export const DEFAULT_PAGE_SIZE = 10_000;

export class MdeStore {
  readonly machines: SimMachine[] = [];
  readonly alerts: SimAlert[] = [];
  readonly sightings = new Map<string, IpSighting[]>();
  private readonly actions: ActionRecord[] = [];
  private indicators: SimIndicator[] = [];
  /** MDE's indicator ids are numbers, sent as strings. */
  private nextIndicatorId = 1001;
  private outcomes: FinalStatus[] = [];
  private sequence = 0;
  pageSize = DEFAULT_PAGE_SIZE;

  constructor(
    private readonly clock: SimClock,
    private readonly lifecycle: ActionLifecycle,
  ) {}

  clear(): void {
    this.machines.length = 0;
    this.alerts.length = 0;
    this.actions.length = 0;
    this.sightings.clear();
    this.indicators = [];
    this.outcomes = [];
    this.pageSize = DEFAULT_PAGE_SIZE;
  }

  addMachine(machine: SimMachine, sightings: IpSighting[] = []): void {
    this.machines.push(machine);
    this.sightings.set(machine.id, [
      ...sightings,
      { ipAddress: machine.lastIpAddress, atMs: Date.parse(machine.lastSeen) },
    ]);
  }

  /** `{id}` may be the device id or its computer name (GET /machines/{id} accepts both). */
  findMachine(idOrName: string): SimMachine | undefined {
    const wanted = idOrName.toLowerCase();
    return (
      this.machines.find((machine) => machine.id.toLowerCase() === wanted) ??
      this.machines.find((machine) => machine.computerDnsName.toLowerCase() === wanted)
    );
  }

  findAlert(id: string): SimAlert | undefined {
    return this.alerts.find((alert) => alert.id.toLowerCase() === id.toLowerCase());
  }

  /** Alerts oldest first, a stable order for $skip paging. */
  sortedAlerts(): SimAlert[] {
    return [...this.alerts].sort(
      (a, b) => Date.parse(a.alertCreationTime) - Date.parse(b.alertCreationTime) || a.id.localeCompare(b.id),
    );
  }

  /** Indicators not expired yet (MDE deletes an indicator when it expires), oldest first. */
  activeIndicators(): SimIndicator[] {
    const now = this.clock.now();
    this.indicators = this.indicators.filter(
      (indicator) => indicator.expirationTime === null || Date.parse(indicator.expirationTime) > now,
    );
    return [...this.indicators];
  }

  addIndicator(indicator: Omit<SimIndicator, 'id'>): SimIndicator {
    const stored = { ...indicator, id: String(this.nextIndicatorId++) };
    this.indicators.push(stored);
    return stored;
  }

  removeIndicator(id: string): void {
    this.indicators = this.indicators.filter((indicator) => indicator.id !== id);
  }

  setNextOutcomes(outcomes: FinalStatus[]): void {
    this.outcomes = [...outcomes];
  }

  addAction(action: SimMachineAction): ActionRecord {
    const now = this.clock.now();
    const record: ActionRecord = {
      action,
      phaseStartMs: now,
      createdMs: now,
      outcome: this.outcomes.shift() ?? 'Succeeded',
      sequence: this.sequence++,
    };
    this.actions.push(record);
    return record;
  }

  /** Every action with its status brought up to date, newest first. */
  settledActions(): ActionRecord[] {
    const now = this.clock.now();
    for (const record of this.actions) settle(record, now, this.lifecycle);
    return [...this.actions].sort((a, b) => b.createdMs - a.createdMs || b.sequence - a.sequence);
  }

  findAction(id: string): ActionRecord | undefined {
    return this.settledActions().find((record) => record.action.id.toLowerCase() === id.toLowerCase());
  }

  activeAction(machineId: string, type: SimMachineAction['type']): ActionRecord | undefined {
    return this.settledActions().find(
      (record) =>
        record.action.machineId === machineId &&
        record.action.type === type &&
        !isFinal(record.action.status),
    );
  }
}
