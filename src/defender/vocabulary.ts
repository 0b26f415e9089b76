// The chat vocabulary (core/vocabulary.ts) in MDE's spelling: one mapping each for severities,
// isolation types and scan types, so no other module spells MDE's words from the user's.
import { SEVERITIES, type IsolationType, type ScanType, type Severity } from '../core/vocabulary.js';
import type { AlertSeverity, MdeIsolationType, MdeScanType } from './types.js';

/** A chat severity as MDE writes it. */
export const MDE_SEVERITY: Readonly<Record<Severity, AlertSeverity>> = {
  informational: 'Informational',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
};

/** The severities a threshold can name, lowest first (MDE's 'UnSpecified' is none of them). */
const THRESHOLD_ORDER: readonly Severity[] = [...SEVERITIES].reverse();

/** 0 for severities MDE may send that no threshold names (UnSpecified, anything new); case-insensitive. */
export function severityRank(severity: string): number {
  return THRESHOLD_ORDER.indexOf(severity.toLowerCase() as Severity) + 1;
}

/** Whether an alert's severity (MDE's or the chat word) is at or above a threshold: `medium` is Medium and High. */
export function meetsThreshold(alertSeverity: string, threshold: Severity): boolean {
  return severityRank(alertSeverity) >= severityRank(threshold);
}

/** The MDE severities at or above a threshold, lowest first, to narrow an alert query. */
export function severitiesAtLeast(threshold: Severity): AlertSeverity[] {
  return THRESHOLD_ORDER.slice(THRESHOLD_ORDER.indexOf(threshold)).map((s) => MDE_SEVERITY[s]);
}

/** `isolate ... full|selective` as MDE's IsolationType. */
export const MDE_ISOLATION_TYPE: Readonly<Record<IsolationType, MdeIsolationType>> = {
  full: 'Full',
  selective: 'Selective',
};

/** `scan ... quick|full` as MDE's ScanType. */
export const MDE_SCAN_TYPE: Readonly<Record<ScanType, MdeScanType>> = {
  quick: 'Quick',
  full: 'Full',
};
