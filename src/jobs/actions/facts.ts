// What an approver should know about the machine before deciding: health, risk, exposure, OS, last
// seen, device group, tags (from the resolved machine) and its open alerts, read from MDE when the
// request is made. An alert read that fails leaves the alerts out; it never holds up the request.
import type { MachineFacts } from '../../authz/index.js';
import type { Logger } from '../../core/logger.js';
import { severityRank, type DefenderClient, type Machine } from '../../defender/index.js';

/** Enough open alerts to count, rank and name the newest; more are "at least". */
export const OPEN_ALERTS_READ = 50;

export async function machineFacts(
  defender: Pick<DefenderClient, 'listAlerts'>,
  machine: Machine,
  logger?: Logger,
): Promise<MachineFacts> {
  const facts: MachineFacts = {
    healthStatus: machine.healthStatus ?? 'Unknown',
    riskScore: machine.riskScore ?? 'None',
    exposureLevel: machine.exposureLevel ?? 'None',
    osPlatform: [machine.osPlatform, machine.version].filter(Boolean).join(' ') || 'Unknown OS',
    ...(machine.lastSeen ? { lastSeen: machine.lastSeen } : {}),
    ...(machine.rbacGroupName ? { deviceGroup: machine.rbacGroupName } : {}),
    tags: machine.machineTags.slice(0, 20),
  };
  try {
    const open = await defender.listAlerts({
      machineId: machine.id,
      openOnly: true,
      top: OPEN_ALERTS_READ,
      limit: OPEN_ALERTS_READ,
    });
    const highest = [...open].sort((a, b) => severityRank(b.severity) - severityRank(a.severity))[0];
    const newest = [...open].sort((a, b) =>
      (b.alertCreationTime ?? '').localeCompare(a.alertCreationTime ?? ''),
    )[0];
    facts.openAlerts = {
      count: open.length,
      more: open.length >= OPEN_ALERTS_READ,
      ...(highest ? { highestSeverity: highest.severity } : {}),
      ...(newest?.title ? { newestTitle: newest.title } : {}),
    };
  } catch (error) {
    logger?.warn(
      { err: error, machineId: machine.id },
      'open alerts unreadable; the approval card goes without them',
    );
  }
  return facts;
}
