// `hunt <name> [<arg>…]`, `hunt kql <query>` and `hunts`: named hunts bind each argument by its type
// as a KQL literal; free KQL needs hunting.kqlRole; the answer is a table card with the first rows
// and a CSV of all of them (uploaded on Slack, a private link on Teams); Graph's refusals and limits
// come back to the asker in plain words.
import { nameOf } from '../../authz/index.js';
import { errorMessage, huntResultsMessage, renderCard, type HuntTable } from '../../cards/index.js';
import type { HuntDefinition } from '../../config/index.js';
import { BotError } from '../../core/errors.js';
import { bindArgument, fillPlaceholders, HUNT_PARAM_DESCRIPTIONS } from '../../core/hunting.js';
import { commandPrefix } from '../../core/vocabulary.js';
import type { JobAnswer, JobContext } from '../declaration.js';
import type { CsvDelivery, HuntingPort } from '../hunting-port.js';
import { huntCsv } from './hunt-csv.js';

const privately = (title: string, message: string, hint?: string): JobAnswer => ({
  audience: 'requester',
  message: errorMessage(title, message, hint),
});

const NOT_SET_UP = privately(
  'Hunting is not set up',
  'Advanced hunting is not available on this bot (no Microsoft Graph access configured).',
);

/** The usage line of one named hunt, e.g. `hunt logons <machine> [hours]`. */
export function huntUsage(hunt: HuntDefinition): string {
  const args = hunt.parameters.map((p) => (p.default === undefined ? `<${p.name}>` : `[${p.name}]`));
  return ['hunt', hunt.name, ...args].join(' ');
}

export async function runNamedHunt(
  context: JobContext,
  name: string,
  args: readonly string[],
): Promise<JobAnswer> {
  const hunting = context.hunting;
  if (!hunting) return NOT_SET_UP;
  const prefix = commandPrefix(context.actor.platform);
  const hunt = hunting.hunts.find((h) => h.name === name.toLowerCase());
  if (!hunt)
    return privately(
      'No such hunt',
      `There is no hunt called “${name}”.`,
      `${prefix}hunts lists the hunts you may run.`,
    );
  if (!hunting.holds(context.actor, hunt.role)) {
    await hunting.audit({ outcome: 'denied', details: { hunt: hunt.name, role: hunt.role } });
    return privately('Not allowed', `The hunt “${hunt.name}” needs the ${hunt.role} role.`);
  }
  const required = hunt.parameters.filter((p) => p.default === undefined).length;
  if (args.length < required || args.length > hunt.parameters.length)
    return privately('Check the arguments', `Usage: ${prefix}${huntUsage(hunt)}`, hunt.description);
  const literals = new Map<string, string>();
  for (const [index, parameter] of hunt.parameters.entries()) {
    const value = args[index] ?? parameter.default ?? '';
    const bound = bindArgument(parameter.type, value);
    if (!bound.ok)
      return privately(
        'Check the arguments',
        `${parameter.name} ${bound.problem}.`,
        `Usage: ${prefix}${huntUsage(hunt)}`,
      );
    literals.set(parameter.name, bound.literal);
  }
  const label = args.length > 0 ? `${hunt.name} (${args.join(', ')})` : hunt.name;
  return runQuery(context, hunting, fillPlaceholders(hunt.kql, literals), label, { hunt: hunt.name });
}

export async function runFreeKql(context: JobContext, query: string): Promise<JobAnswer> {
  const hunting = context.hunting;
  if (!hunting) return NOT_SET_UP;
  if (!hunting.holds(context.actor, hunting.kqlRole)) {
    await hunting.audit({ outcome: 'denied', details: { query, role: hunting.kqlRole } });
    return privately(
      'Not allowed',
      `Free KQL (hunt kql) needs the ${hunting.kqlRole} role (hunting.kqlRole in the RBAC file).`,
      `${commandPrefix(context.actor.platform)}hunts lists the named hunts you may run.`,
    );
  }
  return runQuery(context, hunting, query, 'free KQL', {});
}

async function runQuery(
  context: JobContext,
  hunting: HuntingPort,
  query: string,
  label: string,
  about: Record<string, string>,
): Promise<JobAnswer> {
  let table: HuntTable;
  try {
    const result = await hunting.run(query);
    table = { columns: result.schema, rows: result.results };
  } catch (error) {
    // Graph's throttling, its CPU quota, a bad query or a missing permission: the asker hears it now,
    // with the time to retry; only a Graph outage (TRANSIENT) is retried by the job.
    // Graph's own 429 is answered, not retried: waiting out a 15-minute CPU cycle would also hold every
    // other job of this worker behind the throttle gate, and a hunt answered much later helps nobody.
    // The bot's own pacing (details.local) is different: the job waits its turn and runs.
    if (!(error instanceof BotError) || (error.retryable && !isGraphThrottling(error))) throw error;
    await hunting.audit({ outcome: error.code.toLowerCase(), details: { ...about, query } });
    const title = error.code === 'THROTTLED' ? 'Hunting is paused' : 'The hunt did not run';
    return privately(title, error.userMessage);
  }
  const stamp = context.now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  const filename = `hunt-${about.hunt ?? 'kql'}-${stamp}.csv`;
  const delivery: CsvDelivery =
    table.rows.length === 0
      ? { kind: 'unavailable', reason: 'no rows' }
      : await hunting.deliverCsv({ filename, title: `Hunt results: ${label}`, content: huntCsv(table) });
  await hunting.audit({
    outcome: 'ran',
    details: { ...about, query, rows: table.rows.length, csv: delivery.kind },
  });
  return {
    audience: 'channel',
    message: huntResultsMessage({
      hunt: label,
      requestedBy: nameOf(context.actor),
      table,
      csvNote: csvNote(delivery, table.rows.length),
      ...(delivery.kind === 'link' ? { csvUrl: delivery.url } : {}),
    }),
  };
}

function csvNote(delivery: CsvDelivery, rows: number): string {
  const all = `All ${rows.toLocaleString('en-US')} row${rows === 1 ? ' is' : 's are'}`;
  switch (delivery.kind) {
    case 'uploaded':
      return `${all} in ${delivery.filename}, uploaded to this conversation.`;
    case 'link':
      return `${all} in a CSV only the person who asked can open (the link expires ${delivery.expiresAt.slice(0, 16).replace('T', ' ')} UTC).`;
    case 'unavailable':
      return `The CSV could not be made available: ${delivery.reason}.`;
  }
}

/** `hunts`: the named hunts this person may run, as usage lines with their descriptions. */
export function listHunts(context: JobContext): JobAnswer {
  const hunting = context.hunting;
  if (!hunting) return NOT_SET_UP;
  const prefix = commandPrefix(context.actor.platform);
  const mine = hunting.hunts.filter((hunt) => hunting.holds(context.actor, hunt.role));
  const free = hunting.holds(context.actor, hunting.kqlRole);
  if (mine.length === 0 && !free) return privately('No hunts for you', 'There are no hunts you may run.');
  const commands = [
    ...mine.map((hunt) => ({
      verb: hunt.name,
      usage: `${prefix}${huntUsage(hunt)}`,
      description: `${hunt.description} (${hunt.parameters.map((p) => `${p.name}: ${HUNT_PARAM_DESCRIPTIONS[p.type]}${p.default === undefined ? '' : `, default ${p.default}`}`).join('; ') || 'no arguments'})`,
    })),
    ...(free
      ? [
          {
            verb: 'kql',
            usage: `${prefix}hunt kql <query>`,
            description: 'Run your own KQL (advanced hunting, Microsoft Graph).',
          },
        ]
      : []),
  ];
  return {
    audience: 'requester',
    message: {
      card: renderCard('help', { commands }),
      text: `Hunts you may run: ${commands.map((c) => c.verb).join(', ')}`,
    },
  };
}

function isGraphThrottling(error: BotError): boolean {
  return error.code === 'THROTTLED' && error.details.local !== true;
}
