// The one path every chat interaction takes: parse -> authorize (audited) -> answer now or enqueue.
import { randomUUID } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { AuditTrail } from '../audit/index.js';
import { authorize, samePerson, type Decision } from '../authz/index.js';
import {
  UnroutableCommandError,
  authorizationOf,
  parseCommand,
  refusalOf,
  routeCommand,
  type Command,
  type CommandOf,
  type ImmediateCommand,
  type ImmediateVerb,
} from '../commands/index.js';
import type { RbacConfig } from '../config/types.js';
import { withCorrelation } from '../core/correlation.js';
import type { Logger } from '../core/logger.js';
import type { Interaction, Platform } from '../core/interaction.js';
import { INVALID_BUTTON_TEXT } from '../core/vocabulary.js';
import type { DefenderJob, Requester } from '../jobs/types.js';
import { parsePickButton, type PickStore } from '../jobs/index.js';
import { helpAnswer, privately, unavailableAnswer, whoamiAnswer, workingAnswer } from './answers.js';
import type { Doorkeeper } from './admission.js';
import type { UserContextCommands } from './signin-commands.js';
import type { SubscriptionCommandHandler } from './subscriptions.js';
import type { ImmediateAnswer, InteractionHandler } from './types.js';
import { sanitizeJobId } from '../jobs/job-ids.js';

export interface DispatcherDeps {
  rbac: RbacConfig;
  defenderQueue: Pick<Queue<DefenderJob>, 'add'>;
  audit: Pick<AuditTrail, 'record'>;
  logger: Logger;
  /** Pick lists that continue a command (see jobs/picks.ts); without it their buttons answer "expired". */
  picks?: Pick<PickStore, 'get'>;
  /** Card actions (buttons) by verb; the dispatcher checks nothing about them itself. */
  cardActions?: Record<string, CardActionHandler>;
  /** Buttons whose click is a command (a form's submit), run exactly as if it had been typed. */
  cardCommands?: Record<string, CardCommandHandler>;
  /** `subscribe` / `unsubscribe`; without it they answer "not available". */
  subscriptions?: SubscriptionCommandHandler;
  /** login / logout and the user-context gate; without it login answers "not available". */
  userContext?: UserContextCommands;
  onCommand?: (verb: string, outcome: string) => void;
  /** Recognises redeliveries and applies COMMAND_RATE_PER_MINUTE; without it every delivery runs, unlimited. */
  doorkeeper?: Doorkeeper;
  onRedelivery?: (platform: Platform) => void;
  onRateLimited?: (platform: Platform) => void;
}

export type Click = Interaction & { input: { kind: 'cardAction' } };

/** Runs inside the dispatcher, so under the click's correlation id. */
export type CardActionHandler = (interaction: Click) => Promise<ImmediateAnswer>;

/** What a command button stands for: the command to run as typed, or an answer instead (its form, a refusal). */
export type CardCommand = { command: Command } | { answer: ImmediateAnswer };
export type CardCommandHandler = (interaction: Click) => Promise<CardCommand>;

export function createDispatcher(deps: DispatcherDeps): InteractionHandler {
  // Everything below, card actions and the queueing included, logs under the interaction's id.
  return (interaction) => withCorrelation(interaction.correlationId, () => dispatch(deps, interaction));
}

async function dispatch(deps: DispatcherDeps, received: Interaction): Promise<ImmediateAnswer> {
  try {
    const interaction = await withBoundIdentity(deps, received);
    const admission = deps.doorkeeper
      ? await deps.doorkeeper.admit(interaction)
      : { kind: 'admitted' as const };
    if (admission.kind === 'redelivery') {
      deps.logger.info(
        { platform: interaction.platform },
        'platform redelivery answered before; not run again',
      );
      deps.onRedelivery?.(interaction.platform);
      return { visibility: 'none' };
    }
    if (admission.kind === 'over-rate') {
      deps.onRateLimited?.(interaction.platform);
      deps.logger.warn(
        { platform: interaction.platform, actorId: interaction.actor.id },
        'command refused: over the per-person rate',
      );
      return slowDown(admission.retryAfterMs);
    }
    if (interaction.input.kind === 'cardAction' && interaction.input.verb === 'pick.continue') {
      const picked = await continuedCommand(deps, interaction, interaction.input.actionId);
      return 'answer' in picked
        ? picked.answer
        : await handleParsedCommand(deps, interaction, picked.command);
    }
    if (interaction.input.kind === 'cardAction') {
      const click = interaction as Click;
      const asCommand = deps.cardCommands?.[click.input.verb];
      if (asCommand) {
        const clicked = await asCommand(click);
        return 'answer' in clicked ? clicked.answer : await handleParsedCommand(deps, click, clicked.command);
      }
      const handler = deps.cardActions?.[click.input.verb];
      if (!handler) return privately('Unknown button', INVALID_BUTTON_TEXT);
      return await handler(click);
    }
    return await handleCommand(deps, interaction, interaction.input.text);
  } catch (error) {
    deps.logger.error({ err: error, platform: received.platform }, 'interaction failed');
    return unavailableAnswer();
  }
}

/**
 * The command a pick list entry continues, with that entry's machine: only for the person who asked
 * (any of their chat accounts), while the list is fresh; the rest (verb, options, reason) never left
 * the server.
 */
async function continuedCommand(
  deps: DispatcherDeps,
  interaction: Interaction,
  buttonId: string,
): Promise<{ command: Command } | { answer: ImmediateAnswer }> {
  const button = parsePickButton(buttonId);
  const record = button && deps.picks ? await deps.picks.get(button.pickId) : undefined;
  if (!button || !record) {
    return {
      answer: privately(
        'Pick list expired',
        'That pick list is no longer valid (they last 15 minutes). Send the command again.',
      ),
    };
  }
  if (!samePerson(interaction.actor, record.requester))
    return {
      answer: privately('Not yours', 'Only the person who sent the command can pick from this list.'),
    };
  const machineId = record.machineIds[button.index];
  if (machineId === undefined) return { answer: privately('Unknown button', INVALID_BUTTON_TEXT) };
  return { command: { ...record.command, [record.field]: machineId } };
}

/**
 * Adds the Entra object id a chat account bound with `login` (Slack has no other way to know it), so
 * `aad:` RBAC entries and four-eyes see it. Teams users carry their own, which the binding matched.
 */
async function withBoundIdentity(deps: DispatcherDeps, interaction: Interaction): Promise<Interaction> {
  if (interaction.actor.aadObjectId || !deps.userContext) return interaction;
  const status = await deps.userContext.status(interaction.actor);
  if (!status.signedIn) return interaction;
  return { ...interaction, actor: { ...interaction.actor, aadObjectId: status.objectId } };
}

async function handleCommand(
  deps: DispatcherDeps,
  interaction: Interaction,
  text: string,
): Promise<ImmediateAnswer> {
  const parsed = parseCommand(text);
  if (!parsed.ok) {
    deps.onCommand?.('unknown', 'invalid');
    return privately('Could not read that command', parsed.error.message);
  }
  return handleParsedCommand(deps, interaction, parsed.command);
}

/** A command, typed or continued from a pick list: authorized (audited) exactly the same way. */
async function handleParsedCommand(
  deps: DispatcherDeps,
  interaction: Interaction,
  command: Command,
): Promise<ImmediateAnswer> {
  const decision = authorize(interaction.actor, authorizationOf(command.verb), deps.rbac);
  deps.onCommand?.(command.verb, decision.kind);
  // The audit entry (its log line is written at once) and the job go to Redis together: both are
  // written before either answer arrives, one round trip on the ack path instead of two
  // (test/runtime/ack-round-trips.test.ts watches the socket).
  const [recorded, answered] = await Promise.allSettled([
    audit(deps, interaction, command, decision),
    decide(deps, interaction, command, decision),
  ]);
  if (recorded.status === 'rejected')
    deps.logger.error({ err: recorded.reason }, 'audit entry not stored in Redis; its log line keeps it');
  if (answered.status === 'rejected') throw answered.reason;
  return answered.value;
}

function decide(
  deps: DispatcherDeps,
  interaction: Interaction,
  command: Command,
  decision: Decision,
): Promise<ImmediateAnswer> {
  if (decision.kind === 'deny')
    return Promise.resolve(privately('Not allowed', decision.reason, unresolvedHint(interaction.actor)));
  // Four-eyes compares every identity of the requester with the approver's: a request whose
  // requester's addresses are unknown could later be approved by the same person's other account.
  if (decision.kind === 'needs-approval' && interaction.actor.directory === 'unavailable')
    return Promise.resolve(identityUnconfirmed(interaction.platform));
  return answer(deps, interaction, command, decision);
}

function unresolvedHint(actor: Interaction['actor']): string | undefined {
  if (actor.directory !== 'unavailable') return undefined;
  return `${platformName(actor.platform)} did not tell the bot your email just now; if your role is bound to your email, try again in a moment.`;
}

function identityUnconfirmed(platform: Platform): ImmediateAnswer {
  return privately(
    'Try again',
    `${platformName(platform)} did not confirm who you are just now, and an approval request needs that so nobody approves their own request. Nothing was requested.`,
    'Try again in a moment.',
  );
}

function slowDown(retryAfterMs: number): ImmediateAnswer {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return privately(
    'Slow down',
    `You sent more commands in the last minute than this bot accepts from one person; try again in ${seconds} s. Nothing was done.`,
  );
}

const platformName = (platform: Platform): string => (platform === 'slack' ? 'Slack' : 'Teams');

/** The app's answer to each immediate verb; a verb declared `immediate` without an entry here fails to compile. */
type ImmediateHandlers = {
  [V in ImmediateVerb]: (
    deps: DispatcherDeps,
    interaction: Interaction,
    command: CommandOf<V>,
  ) => Promise<ImmediateAnswer> | ImmediateAnswer;
};

const IMMEDIATE: ImmediateHandlers = {
  help: (deps, interaction, command) => helpAnswer(interaction.actor, deps.rbac, command.topic),
  whoami: async (deps, interaction) =>
    whoamiAnswer(interaction.actor, deps.rbac, await deps.userContext?.status(interaction.actor)),
  login: (deps, interaction) => signIn(deps, interaction, 'login'),
  logout: (deps, interaction) => signIn(deps, interaction, 'logout'),
  subscribe: (deps, interaction, command) => subscriptions(deps, interaction, command),
  unsubscribe: (deps, interaction, command) => subscriptions(deps, interaction, command),
};

function signIn(
  deps: DispatcherDeps,
  interaction: Interaction,
  verb: 'login' | 'logout',
): Promise<ImmediateAnswer> | ImmediateAnswer {
  if (deps.userContext) return deps.userContext[verb](interaction);
  return privately(
    'Not available yet',
    'User sign-in (user context) is not available on this bot yet; it uses its own app registration.',
  );
}

function subscriptions(
  deps: DispatcherDeps,
  interaction: Interaction,
  command: CommandOf<'subscribe' | 'unsubscribe'>,
): Promise<ImmediateAnswer> | ImmediateAnswer {
  if (deps.subscriptions) return deps.subscriptions(interaction, command);
  return privately('Not available yet', 'Alert subscriptions are not available on this bot yet.');
}

function runImmediate(
  deps: DispatcherDeps,
  interaction: Interaction,
  command: ImmediateCommand,
): Promise<ImmediateAnswer> | ImmediateAnswer {
  // Keyed by the same verb the command carries; the table's type already proved every verb has its handler.
  const handler = (
    IMMEDIATE as Partial<
      Record<
        string,
        (
          deps: DispatcherDeps,
          interaction: Interaction,
          command: ImmediateCommand,
        ) => Promise<ImmediateAnswer> | ImmediateAnswer
      >
    >
  )[command.verb];
  if (!handler) throw new UnroutableCommandError(command.verb, 'immediate (no handler)');
  return handler(deps, interaction, command);
}

/** Routes by the verb's declared run tag only: an immediate answer, a read job or a start-action job; nothing falls through. */
async function answer(
  deps: DispatcherDeps,
  interaction: Interaction,
  command: Command,
  decision: Decision,
): Promise<ImmediateAnswer> {
  try {
    return await route(deps, interaction, command, decision);
  } catch (error) {
    if (!(error instanceof UnroutableCommandError)) throw error;
    deps.logger.error({ err: error, verb: command.verb }, 'command refused: its verb declares no way to run');
    return privately(
      'Cannot run that command',
      `The bot does not know how to run “${command.verb}”; nothing was done or queued.`,
    );
  }
}

async function route(
  deps: DispatcherDeps,
  interaction: Interaction,
  command: Command,
  decision: Decision,
): Promise<ImmediateAnswer> {
  const routed = routeCommand(command);
  if (routed.runs === 'immediate') return runImmediate(deps, interaction, routed.command);
  // What the configuration rules out (a `run` script off the allow-list) is refused before any approval.
  const ruledOut = refusalOf(command, deps.rbac);
  if (ruledOut) return privately('Not allowed', ruledOut);
  const requester: Requester = {
    actor: interaction.actor,
    conversation: interaction.conversation,
    correlationId: interaction.correlationId,
    // A typed command is answered with "working on it" (below); its result takes that message's place.
    ...(interaction.input.kind === 'command' ? { working: true as const } : {}),
  };
  // userContext: required refuses a user who is not signed in before anything is queued.
  const refusal = await deps.userContext?.gate(interaction.actor);
  if (refusal) return refusal;
  switch (routed.runs) {
    case 'job':
      return enqueue(
        deps,
        {
          kind: 'command',
          command: routed.command,
          requester,
          ...(decision.kind === 'needs-approval' ? { needsApproval: true } : {}),
        },
        interaction,
      );
    case 'machine-action':
      return enqueue(
        deps,
        {
          kind: 'start-action',
          command: routed.command,
          requester,
          needsApproval: decision.kind === 'needs-approval',
        },
        interaction,
      );
  }
}

async function enqueue(
  deps: DispatcherDeps,
  job: DefenderJob,
  interaction: Interaction,
): Promise<ImmediateAnswer> {
  try {
    // The correlation id is the job id: a redelivered platform event cannot queue the work twice.
    await deps.defenderQueue.add(job.kind, job, { jobId: safeJobId(interaction.correlationId) });
  } catch (error) {
    deps.logger.error({ err: error }, 'could not enqueue');
    return unavailableAnswer();
  }
  return workingAnswer(interaction.input.kind === 'command' ? interaction.input.text : clickedLabel(job));
}

/** What a clicked command (a pick list entry, a form) is about, for its "working on it" note. */
function clickedLabel(job: DefenderJob): string {
  if (!('command' in job)) return job.kind;
  const { command } = job;
  const target = 'machine' in command ? command.machine : 'query' in command ? command.query : undefined;
  return typeof target === 'string' ? `${command.verb} ${target}` : command.verb;
}

/** BullMQ job ids may not contain ':'. */
export function safeJobId(id: string): string {
  return sanitizeJobId(id) || randomUUID();
}

async function audit(deps: DispatcherDeps, interaction: Interaction, command: Command, decision: Decision) {
  await deps.audit.record({
    type: 'authz',
    at: new Date(interaction.receivedAt).toISOString(),
    correlationId: interaction.correlationId,
    platform: interaction.platform,
    actorId: interaction.actor.id,
    ...(interaction.actor.aadObjectId ? { actorAad: interaction.actor.aadObjectId } : {}),
    verb: command.verb,
    decision: decision.kind,
    // A verb anyone may run: the audit counts such entries against the person's share.
    ...(authorizationOf(command.verb).role === 'anyone' ? { roleFree: true } : {}),
    ...(decision.kind === 'deny'
      ? { reason: decision.reason }
      : 'reason' in command
        ? { reason: command.reason }
        : {}),
    ...argumentsOf(command),
  });
}

/**
 * What the command was about (its machine, action id, tag, severity…), so the audit entry says who
 * asked for what, not only which verb. Parsed values only: checked and bounded by the grammar.
 */
function argumentsOf(command: Command): { details?: Record<string, string | number | boolean> } {
  const entries = Object.entries(command as Record<string, unknown>).filter(
    (entry): entry is [string, string | number | boolean] =>
      entry[0] !== 'verb' &&
      entry[0] !== 'reason' &&
      ['string', 'number', 'boolean'].includes(typeof entry[1]),
  );
  return entries.length > 0 ? { details: Object.fromEntries(entries) } : {};
}
