// Machine action lifecycle Pending -> InProgress -> outcome, computed lazily from the injected clock
// (no timers), so tests and the demo can move time or force a state.
import type { ActionLifecycle, SimMachineAction } from '../types.js';
import { syncCommands } from './live-response.js';

export type ActionStatus = SimMachineAction['status'];
export type FinalStatus = Exclude<ActionStatus, 'Pending' | 'InProgress'>;

export interface ActionRecord {
  /** Kept current by settle(); served as-is after it. */
  action: SimMachineAction;
  /** When the current status began. */
  phaseStartMs: number;
  /** Where the action ends unless forced elsewhere. */
  outcome: FinalStatus;
  createdMs: number;
  sequence: number;
}

const E_FAIL = -2147467259;
const ERROR_TIMEOUT = -2147023436;

export function isFinal(status: ActionStatus): status is FinalStatus {
  return status !== 'Pending' && status !== 'InProgress';
}

/** MDE prints 100 ns ticks: 2026-01-23T20:10:40.8785235Z. */
export function ticksIso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

export function settle(record: ActionRecord, now: number, lifecycle: ActionLifecycle): void {
  for (;;) {
    const { status } = record.action;
    if (status === 'Pending' && now >= record.phaseStartMs + lifecycle.pendingMs) {
      enter(record, 'InProgress', record.phaseStartMs + lifecycle.pendingMs);
    } else if (status === 'InProgress' && now >= record.phaseStartMs + lifecycle.inProgressMs) {
      enter(record, record.outcome, record.phaseStartMs + lifecycle.inProgressMs);
    } else {
      return;
    }
  }
}

/** Moves the action to `to`, or to its next state, as of now. */
export function advance(
  record: ActionRecord,
  now: number,
  lifecycle: ActionLifecycle,
  to?: ActionStatus,
): void {
  settle(record, now, lifecycle);
  const { status } = record.action;
  const next =
    to ?? (status === 'Pending' ? 'InProgress' : status === 'InProgress' ? record.outcome : undefined);
  if (next !== undefined) enter(record, next, now);
}

function enter(record: ActionRecord, status: ActionStatus, atMs: number): void {
  const { action } = record;
  action.status = status;
  action.lastUpdateDateTimeUtc = ticksIso(atMs);
  record.phaseStartMs = atMs;
  action.errorHResult = status === 'Failed' ? E_FAIL : status === 'TimeOut' ? ERROR_TIMEOUT : 0;
  if (action.type === 'LiveResponse') syncCommands(action, atMs);
  if (status === 'Cancelled') {
    action.cancellationRequestor = 'Simulator';
    action.cancellationComment = 'Cancelled by the simulator';
    action.cancellationDateTimeUtc = ticksIso(atMs);
  }
}
