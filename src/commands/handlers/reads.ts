// The look-up jobs: one MDE look-up each, answered with a card. Platform-free; the read verbs declare
// them as their `run`, and the worker runs them.
import {
  machineCard,
  renderCard,
  actionStatusCard,
  alertRow,
  machineActionRow,
  errorMessage,
  machineCandidate,
  machineCardData,
  machineName,
  unresolvedAnswer,
  type PickContinuation,
} from '../../cards/index.js';
import { editDistance } from '../edit-distance.js';
import {
  MDE_SEVERITY,
  findMachinesByPrefix,
  resolveMachine,
  severitiesAtLeast,
  type DefenderClient,
  type Machine,
  type MachineResolution,
} from '../../defender/index.js';
import type { OutgoingMessage } from '../../core/interaction.js';
import type { JobAnswer } from '../declaration.js';
import type { Severity } from '../../core/vocabulary.js';

/** Alerts shown in one card; the portal has the rest. */
const MAX_ALERTS_SHOWN = 25;
const DEFAULT_ALERT_WINDOW_HOURS = 24;

/** `machine <query>`: the machine's card, or a pick list / "no such machine" to the asker. */
export async function answerMachine(client: DefenderClient, query: string): Promise<JobAnswer> {
  if (query.endsWith('*')) return answerNameSearch(client, query.slice(0, -1));
  const resolution = await resolveMachine(client, query);
  if (resolution.kind === 'none' && SHORT_NAME.test(query)) {
    const close = await closeNames(client, query);
    if (close.length > 0) {
      return {
        message: errorMessage(
          'No such machine',
          `Defender has no machine matching “${query}”.`,
          `Did you mean ${close.join(', ')}?`,
        ),
        audience: 'requester',
      };
    }
  }
  if (resolution.kind !== 'one') return { message: unresolvedAnswer(resolution)!, audience: 'requester' };
  return { message: machineMessage(resolution.machine), audience: 'channel' };
}

/** A host name without a domain, which a typo in could be found by its first letters. */
const SHORT_NAME = /^[A-Za-z][A-Za-z0-9-]{2,62}$/;
/** "Did you mean" offers at most this many names. */
export const MAX_CLOSE_NAMES = 5;

/**
 * Names close to a short name that matched nothing: found the same way as a name search (machines whose
 * name starts with its first three letters, then, if none is close, with its first letter), ranked by
 * the edit distance of their host name.
 */
async function closeNames(client: DefenderClient, query: string): Promise<string[]> {
  const name = query.toLowerCase();
  const tolerance = Math.max(2, Math.floor(name.length / 3));
  for (const prefix of [name.slice(0, 3), name.slice(0, 1)]) {
    const { matches } = await findMachinesByPrefix(client, prefix);
    const close = matches
      .map((machine) => ({ machine, distance: editDistance(hostLabel(machine), name) }))
      .filter((entry) => entry.distance <= tolerance)
      .sort((a, b) => a.distance - b.distance)
      .slice(0, MAX_CLOSE_NAMES)
      .map((entry) => machineName(entry.machine));
    if (close.length > 0) return close;
  }
  return [];
}

const hostLabel = (machine: Machine): string =>
  (machine.computerDnsName ?? '').toLowerCase().split('.')[0] ?? '';

/** `machine <prefix>*`: the machines whose name starts with the prefix, most recently seen first. */
async function answerNameSearch(client: DefenderClient, prefix: string): Promise<JobAnswer> {
  const search = await findMachinesByPrefix(client, prefix);
  const [only] = search.machines;
  if (search.total === 0 || only === undefined) {
    return {
      message: errorMessage('No such machine', `Defender has no machine whose name starts with “${prefix}”.`),
      audience: 'requester',
    };
  }
  if (search.total === 1) return { message: machineMessage(only), audience: 'channel' };
  const shown = search.machines.length;
  const note =
    shown < search.total || search.more
      ? `Showing the ${shown} seen most recently of ${search.more ? `more than ${search.total}` : search.total}; type more of the name to narrow it.`
      : undefined;
  const card = renderCard('machine-picklist', {
    query: `${prefix}*`,
    candidates: search.machines.map(machineCandidate),
    ...(note ? { note } : {}),
  });
  return {
    message: { card, text: `${search.total} machines start with “${prefix}”; pick one.` },
    audience: 'requester',
  };
}

/** A machine's card, with a one-line text for notifications; `note` leads the text. */
export function machineMessage(machine: Machine, note?: string): OutgoingMessage {
  const data = machineCardData(machine);
  const summary = `${data.name}: ${data.healthStatus}, risk ${data.riskScore}`;
  return { card: machineCard(data), text: note ? `${note} ${summary}` : summary };
}

/** `actions <machine>`: the machine's recent machine actions. */
export async function answerActions(
  client: DefenderClient,
  query: string,
  pick?: (resolution: MachineResolution) => Promise<PickContinuation | undefined>,
): Promise<JobAnswer> {
  const resolution = await resolveMachine(client, query);
  if (resolution.kind !== 'one')
    return { message: unresolvedAnswer(resolution, await pick?.(resolution))!, audience: 'requester' };
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
