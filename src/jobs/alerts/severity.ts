// Severity thresholds: `subscribe medium` receives Medium and High (DESIGN.md section 3).
import type { Severity } from '../../commands/index.js';
import type { AlertSeverity } from '../../defender/index.js';

const RANK: Record<string, number> = { informational: 1, low: 2, medium: 3, high: 4 };

/** 0 for severities MDE may send that no threshold names (UnSpecified, anything new). */
export function severityRank(severity: string): number {
  return RANK[severity.toLowerCase()] ?? 0;
}

export function meetsThreshold(alertSeverity: string, threshold: Severity): boolean {
  return severityRank(alertSeverity) >= severityRank(threshold);
}

/** The MDE severities at or above a threshold, to narrow the alert query. */
export function severitiesFrom(threshold: Severity): AlertSeverity[] {
  const all: AlertSeverity[] = ['Informational', 'Low', 'Medium', 'High'];
  return all.filter((s) => meetsThreshold(s, threshold));
}
