// The look-up jobs: one MDE look-up each, answered with a card. Platform-free; the read verbs declare
// them as their `run`, and the worker runs them.
import {
  renderCard,
  actionStatusCard,
  alertRow,
  machineActionRow,
  machineCardData,
  machineName,
  unresolvedAnswer,
} from '../../cards/index.js';
import {
  MDE_SEVERITY,
  resolveMachine,
  severitiesAtLeast,
  type DefenderClient,
  type Machine,
} from '../../defender/index.js';
import type { OutgoingMessage } from '../../core/interaction.js';
import type { JobAnswer } from '../declaration.js';
import type { Severity } from '../../core/vocabulary.js';

/** Alerts shown in one card; the portal has the rest. */
const MAX_ALERTS_SHOWN = 25;
const DEFAULT_ALERT_WINDOW_HOURS = 24;

/** `machine <query>`: the machine's card, or a pick list / "no such machine" to the asker. */
export async function answerMachine(client: DefenderClient, query: string): Promise<JobAnswer> {
  const resolution = await resolveMachine(client, query);
  if (resolution.kind !== 'one') return { message: unresolvedAnswer(resolution)!, audience: 'requester' };
  return { message: machineMessage(resolution.machine), audience: 'channel' };
}

/** A machine's card, with a one-line text for notifications; `note` leads the text. */
export function machineMessage(machine: Machine, note?: string): OutgoingMessage {
  const data = machineCardData(machine);
  const summary = `${data.name}: ${data.healthStatus}, risk ${data.riskScore}`;
  return { card: renderCard('machine', data), text: note ? `${note} ${summary}` : summary };
}

/** `actions <machine>`: the machine's recent machine actions. */
export async function answerActions(client: DefenderClient, query: string): Promise<JobAnswer> {
  const resolution = await resolveMachine(client, query);
  if (resolution.kind !== 'one') return { message: unresolvedAnswer(resolution)!, audience: 'requester' };
  const { machine } = resolution;
  const actions = await client.listMachineActions({ machineId: machine.id }, { top: 20 });
  const card = renderCard('machine-actions', {
    machineId: machine.id,
    machineName: machineName(machine),
    actions: actions.map(machineActionRow),
  });
  return {
    message: { card, text: `${actions.length} machine actions on ${machineName(machine)}` },
    audience: 'channel',
  };
}

/** `status <actionId>`: one machine action's status card. */
export async function answerStatus(client: DefenderClient, actionId: string): Promise<JobAnswer> {
  return { message: actionStatusCard(client, await client.getMachineAction(actionId)), audience: 'channel' };
}

/** `alerts [severity] [<N>h]`: recent alerts, newest first. */
export async function answerAlerts(
  client: DefenderClient,
  command: { severity?: Severity | undefined; windowHours?: number | undefined },
  now: Date,
): Promise<JobAnswer> {
  const hours = command.windowHours ?? DEFAULT_ALERT_WINDOW_HOURS;
  const alerts = await client.listAlerts({
    createdAfter: new Date(now.getTime() - hours * 3_600_000),
    ...(command.severity ? { severities: severitiesAtLeast(command.severity) } : {}),
    limit: 1000,
  });
  const newest = [...alerts]
    .sort((a, b) => Date.parse(b.alertCreationTime ?? '') - Date.parse(a.alertCreationTime ?? ''))
    .slice(0, MAX_ALERTS_SHOWN);
  const filter = `${command.severity ? `${MDE_SEVERITY[command.severity]} and above` : 'All severities'}, last ${hours} hours`;
  const shown = alerts.length > newest.length ? ` (newest ${newest.length} of ${alerts.length})` : '';
  const card = renderCard('alerts', { filterDescription: `${filter}${shown}`, alerts: newest.map(alertRow) });
  return { message: { card, text: `${alerts.length} alerts: ${filter}` }, audience: 'channel' };
}
