// What one verb module declares: everything about the verb, from which the registry derives every table
// (grammar, help, roles, approvals, the Command union, job routing, manifest menus). STYLE.md: "One
// command, one module". A verb that runs as a job also declares the job itself (`run`).
import type { RequiredRole } from '../authz/index.js';
import type { RbacConfig } from '../config/types.js';
import type { Check } from '../core/doctor.js';
import type { ChatUser, MessageRef, OutgoingMessage } from '../core/interaction.js';
import type { IsolationType, ScanType } from '../core/vocabulary.js';
import type { PickContinuation } from '../cards/index.js';
import type {
  Alert,
  DefenderClient,
  MachineAction,
  MachineActionType,
  MachineResolution,
} from '../defender/index.js';
import type { ArgReader } from './args.js';
import type { ApprovalPort, ApprovedRun, IndicatorJobSettings } from './approvable.js';
import type { HuntingPort } from './hunting-port.js';
import type { ParseError } from './types.js';

/**
 * How a command runs: answered at once by the app; a job the worker runs with the verb's own `run`
 * (look-ups, and MDE calls that answer at once, like `cancel`); or an MDE machine action followed
 * from submission to its final status.
 */
export type RunTag = 'immediate' | 'job' | 'machine-action';

export type TeamsScope = 'personal' | 'team' | 'groupChat';

/** A Teams command menu entry: each scope's menu takes its entries by ascending priority, up to Teams' limit. */
export interface MenuEntry {
  readonly priority: number;
  readonly scopes: readonly TeamsScope[];
}

/** Every command a verb parses to names its verb. */
export interface VerbCommand {
  readonly verb: string;
}

export type ParseFailure = { ok: false; error: ParseError };
export type ParseResultOf<C> = { ok: true; command: C } | ParseFailure;

/** What a job verb's `run` gets from the worker. */
export interface JobContext {
  /** MDE, as the requester (their own token when the token-context policy says so). */
  readonly defender: DefenderClient;
  /** Who asked; MDE comments name them and their chat platform. */
  readonly actor: ChatUser;
  readonly now: Date;
  /** Four-eyes for a job verb RBAC puts behind an approval (`block`, `unblock`); absent: none here. */
  readonly approval?: ApprovalPort;
  /** `block`'s guard rails and default expiry, from the configuration; absent: not configured here. */
  readonly indicators?: IndicatorJobSettings;
  /**
   * Asks the job that follows this machine action (if the bot follows it) to read its status now,
   * so the action's card shows the change at once. False when no job follows it.
   */
  followAction(actionId: string): Promise<boolean>;
  /** Every chat card showing an alert (subscription posts, `alert` answers, clicked cards). */
  readonly alertCards: AlertCards;
  /**
   * The continue buttons of a pick list for `command` (its machine in `field`): each entry runs the
   * same command with that machine, for the asker only. Absent, or undefined back: a plain pick list.
   */
  readonly pickFor?: (
    command: VerbCommand,
    field: 'machine' | 'query',
    resolution: MachineResolution,
  ) => Promise<PickContinuation | undefined>;
  /** The setup checks (`doctor`) on this worker's configuration; absent where none are wired. */
  readonly doctor?: () => Promise<readonly Check[]>;
  /** Advanced hunting through Microsoft Graph; absent: not set up on this worker. */
  readonly hunting?: HuntingPort;
  /** RBAC `liveResponse.scripts` (`scripts`); absent: none allowed. */
  readonly liveResponse?: { readonly scripts: readonly string[] };
}

/** Keeps the cards of one alert current; the worker implements it. */
export interface AlertCards {
  /** Redraws every card known to show `alert` in its new state; `clicked` (a card clicked on) joins them first. */
  refresh(alert: Alert, clicked?: MessageRef): Promise<void>;
}

/**
 * A job's answer: results go to the channel; refusals, "no such …" and pick lists only to the asker;
 * 'none' when the job's effect is already on show (a clicked card updated in place).
 */
export type JobAnswer =
  | {
      readonly message: OutgoingMessage;
      readonly audience: 'channel' | 'requester';
      /** The message is this alert's card: where it lands joins the alert's cards (see AlertCards). */
      readonly showsAlert?: Alert;
    }
  | { readonly audience: 'none' };

/** What submitting a machine action needs: the machine it was resolved to and the command's options. */
export interface ActionTarget {
  readonly machineId: string;
  readonly isolationType?: IsolationType | undefined;
  readonly scanType?: ScanType | undefined;
  /** `run`: the library script and its arguments. */
  readonly script?: string | undefined;
  readonly args?: string | undefined;
}

/** A machine-action verb's MDE side, declared with the verb. */
export interface MachineActionFacts {
  /** The MachineAction type MDE creates (a retried job looks for one of this type to adopt). */
  readonly type: MachineActionType;
  /** How its cards name it, e.g. "Isolate machine". */
  readonly title: string;
  /** The one MDE call that submits it; `comment` names the reason and the people. */
  submit(client: DefenderClient, target: ActionTarget, comment: string): Promise<MachineAction>;
}

export interface VerbDeclaration<C extends VerbCommand = VerbCommand, R extends RunTag = RunTag> {
  /** The word a user types; lower case. */
  readonly word: C['verb'];
  /** Other words for the same verb (lower case); none today. */
  readonly aliases: readonly string[];
  /** Reads the arguments after the word into this verb's command. */
  readonly parse: (args: ArgReader) => ParseResultOf<C>;
  /** The least role that may run it; 'anyone' also admits users without a role. */
  readonly role: RequiredRole;
  /** Whether RBAC `approvals.actions` may put it behind a second person's approval. */
  readonly approvable: boolean;
  /** One line, in the notation of DESIGN.md: `<required>`, `[optional]`, `a|b`. */
  readonly usage: string;
  /** One sentence for `help` and the menus. */
  readonly summary: string;
  /** Full command texts that parse to this verb. */
  readonly examples: readonly [string, ...string[]];
  /** How it runs; dispatch and the worker route by this, and only by this. */
  readonly runs: R;
  /**
   * Refuses a command the configuration rules out before anything is queued, approved or sent to MDE
   * (`run` of a script off the allow-list): the refusal in plain words, or undefined to go on.
   */
  refuse?(command: C, rbac: RbacConfig): string | undefined;
  /** The job, for a verb that runs as one (and only then). */
  run?(context: JobContext, command: C): Promise<JobAnswer>;
  /** The MDE action, for a verb that runs as one (and only then). */
  readonly action?: MachineActionFacts;
  /** For a job verb whose requests wait for an approval: what runs once one is approved. */
  readonly approved?: ApprovedRun;
  /** Its Teams menu entry; without one it is only typed. */
  readonly menu?: MenuEntry;
}

/** A job verb must declare its job and a machine-action verb its action; no other verb may. */
type RunFor<C extends VerbCommand, R extends RunTag> = (R extends 'job'
  ? { run(context: JobContext, command: C): Promise<JobAnswer> }
  : { run?: undefined }) &
  (R extends 'machine-action' ? { readonly action: MachineActionFacts } : { readonly action?: undefined });

/**
 * Declares a verb whose command is `C`: `declareVerb<ScanCommand>()({ … })`. Keeps the literal word and
 * run tag, so the registry can derive the `Verb` and `Command` unions and the verbs of each run tag.
 */
export function declareVerb<C extends VerbCommand>() {
  return <const R extends RunTag>(
    declaration: VerbDeclaration<C, R> & RunFor<C, R>,
  ): VerbDeclaration<C, R> & RunFor<C, R> => declaration;
}

/** The command a declaration parses to. */
export type CommandOfDeclaration<D> = D extends { parse: (args: ArgReader) => ParseResultOf<infer C> }
  ? C
  : never;
