// The command registry: every verb's declaration, in `help` order, and every table derived from them
// (the verb set, the parser lookup, the catalogue for `help` and usage lines, the role table, the
// approvable, read and open verbs, the Teams menus). Adding a verb means adding its module to VERBS_DECLARED.
// Layers below (authz, audit, config) never import this: the app layer passes them what they need.
import { hasAtLeast, resolveRoles, type AuthorizableCommand, type RequiredRole } from '../authz/index.js';
import type { RbacConfig } from '../config/types.js';
import type { ChatUser } from '../core/index.js';
import type { ApprovedRun } from './approvable.js';
import type {
  CommandOfDeclaration,
  MachineActionFacts,
  RunTag,
  TeamsScope,
  VerbDeclaration,
} from './declaration.js';
import { actions } from './verbs/actions.js';
import { alert } from './verbs/alert.js';
import { alerts } from './verbs/alerts.js';
import { block } from './verbs/block.js';
import { assign } from './verbs/assign.js';
import { cancel } from './verbs/cancel.js';
import { collect } from './verbs/collect.js';
import { doctor } from './verbs/doctor.js';
import { comment } from './verbs/comment.js';
import { help } from './verbs/help.js';
import { hunt } from './verbs/hunt.js';
import { hunts } from './verbs/hunts.js';
import { indicators } from './verbs/indicators.js';
import { isolate } from './verbs/isolate.js';
import { login } from './verbs/login.js';
import { logout } from './verbs/logout.js';
import { machine } from './verbs/machine.js';
import { release } from './verbs/release.js';
import { resolve } from './verbs/resolve.js';
import { restrict } from './verbs/restrict.js';
import { run } from './verbs/run.js';
import { scan } from './verbs/scan.js';
import { scripts } from './verbs/scripts.js';
import { status } from './verbs/status.js';
import { subscribe } from './verbs/subscribe.js';
import { tag } from './verbs/tag.js';
import { unblock } from './verbs/unblock.js';
import { unrestrict } from './verbs/unrestrict.js';
import { unsubscribe } from './verbs/unsubscribe.js';
import { untag } from './verbs/untag.js';
import { whoami } from './verbs/whoami.js';

/** Every verb's declaration, in the order `help` lists them. */
export const VERBS_DECLARED = [
  help,
  whoami,
  machine,
  alerts,
  alert,
  assign,
  resolve,
  comment,
  actions,
  status,
  cancel,
  scan,
  collect,
  isolate,
  release,
  restrict,
  unrestrict,
  run,
  scripts,
  tag,
  untag,
  block,
  unblock,
  indicators,
  hunts,
  hunt,
  subscribe,
  unsubscribe,
  doctor,
  login,
  logout,
] as const;

export type Verb = (typeof VERBS_DECLARED)[number]['word'];
/** Any registered verb's declaration, as the tables below see it. */
export type RegisteredDeclaration = VerbDeclaration<DeclaredCommand>;
/** The verbs whose declaration says they run as `tag`: derived from the declarations, so a new verb joins its set by its run tag alone. */
export type VerbRunningAs<T extends RunTag> = Extract<(typeof VERBS_DECLARED)[number], { runs: T }>['word'];
/** Answered at once by the app: each has a handler there (a missing one fails to compile). */
export type ImmediateVerb = VerbRunningAs<'immediate'>;
/** Run by the worker as a job, with the verb's own `run`. */
export type JobVerb = VerbRunningAs<'job'>;
/** Run as an MDE machine action: a start-action job, then the action's own job. */
export type MachineActionVerb = VerbRunningAs<'machine-action'>;
/** What the registered verbs parse to (`Command` in types.ts). */
export type DeclaredCommand = CommandOfDeclaration<(typeof VERBS_DECLARED)[number]>;
export type {
  ActionTarget,
  AlertCards,
  JobAnswer,
  JobContext,
  MachineActionFacts,
  ParseResultOf,
  RunTag,
  TeamsScope,
  VerbDeclaration,
} from './declaration.js';

/** Every verb, in `help` order. */
export const VERBS: readonly Verb[] = VERBS_DECLARED.map((declaration) => declaration.word);

const BY_VERB: ReadonlyMap<string, RegisteredDeclaration> = new Map(VERBS_DECLARED.map((d) => [d.word, d]));

/** Words and aliases to their declaration; a word claimed twice is a programming error caught at start. */
const BY_WORD: ReadonlyMap<string, RegisteredDeclaration> = (() => {
  const words = new Map<string, RegisteredDeclaration>();
  for (const declaration of VERBS_DECLARED) {
    for (const word of [declaration.word, ...declaration.aliases]) {
      if (words.has(word)) throw new Error(`the command word "${word}" is declared twice`);
      words.set(word, declaration);
    }
  }
  return words;
})();

export function isVerb(value: string): value is Verb {
  return BY_VERB.has(value);
}

/** The declaration a typed word (lower case; the verb or an alias) names, or undefined. */
export function declarationFor(word: string): RegisteredDeclaration | undefined {
  return BY_WORD.get(word);
}

export function declarationOf(verb: Verb): RegisteredDeclaration {
  const declaration = BY_VERB.get(verb);
  if (!declaration) throw new Error(`"${verb}" is not a registered verb`);
  return declaration;
}

export interface VerbInfo {
  verb: Verb;
  /** One line, in the same notation as DESIGN.md: `<required>`, `[optional]`, `a|b`. */
  usage: string;
  summary: string;
  /** The least role that may run it (machine actions may also need an approval: see authz). */
  role: RequiredRole;
}

/** The command list for `help` and the menus. */
export const COMMAND_CATALOGUE: readonly VerbInfo[] = VERBS_DECLARED.map(
  ({ word, usage, summary, role }) => ({
    verb: word,
    usage,
    summary,
    role,
  }),
);

export function usageOf(verb: Verb): string {
  return declarationOf(verb).usage;
}

/** What authorization needs to know about a verb: the registry's facts, passed down to authz. */
export function authorizationOf(verb: Verb): AuthorizableCommand {
  const { role, approvable } = declarationOf(verb);
  return { verb, role, approvable };
}

/** The role each verb needs. */
export const VERB_ROLES: Readonly<Record<Verb, RequiredRole>> = Object.fromEntries(
  VERBS_DECLARED.map((d) => [d.word, d.role]),
) as Record<Verb, RequiredRole>;

const verbsWhere = (keep: (declaration: RegisteredDeclaration) => boolean): readonly Verb[] =>
  VERBS_DECLARED.filter(keep).map((d) => d.word);

/** The verbs RBAC `approvals.actions` may name (and its default). */
export const APPROVABLE_VERBS = verbsWhere((d) => d.approvable);
/** The verbs anyone may run, even without a role (the audit's per-person share counts them). */
export const OPEN_VERBS = verbsWhere((d) => d.role === 'anyone');
export const runsAs = (tag: RunTag): readonly Verb[] => verbsWhere((d) => d.runs === tag);
export const JOB_VERBS = runsAs('job');
export const MACHINE_ACTION_VERBS = runsAs('machine-action');

/** A machine-action verb's MDE side (type, card title, submission); throws for any other verb. */
export function machineActionOf(verb: string): MachineActionFacts {
  const action = isVerb(verb) ? declarationOf(verb).action : undefined;
  if (!action) throw new Error(`"${verb}" is not a registered machine-action verb`);
  return action;
}

/** Why the configuration refuses this command before anything is queued (see VerbDeclaration.refuse). */
export function refusalOf(command: DeclaredCommand, rbac: RbacConfig): string | undefined {
  return declarationOf(command.verb).refuse?.(command, rbac);
}

/** What an approved request of this job verb runs (`block`, `unblock`); throws for any other verb. */
export function approvedRunOf(verb: string): ApprovedRun {
  const approved = isVerb(verb) ? declarationOf(verb).approved : undefined;
  if (!approved) throw new Error(`"${verb}" declares no approved run`);
  return approved;
}

/** The title an approval card gives a verb's request: its machine action's, or its approved run's. */
export function approvalTitleOf(verb: string): string {
  const declaration = isVerb(verb) ? declarationOf(verb) : undefined;
  const title = declaration?.action?.title ?? declaration?.approved?.title;
  if (title === undefined) throw new Error(`"${verb}" is not a verb that can wait for an approval`);
  return title;
}

/** The run tags there are; a declaration naming any other is refused wherever commands are routed. */
export const RUN_TAGS: readonly RunTag[] = ['immediate', 'job', 'machine-action'];

export function isRunTag(value: unknown): value is RunTag {
  return typeof value === 'string' && (RUN_TAGS as readonly string[]).includes(value);
}

/** The verbs this user may run or request, in `help` order. */
export function allowedVerbs(actor: ChatUser, rbac: RbacConfig): Verb[] {
  const role = resolveRoles(actor, rbac);
  return VERBS.filter((verb) => {
    const required = VERB_ROLES[verb];
    return required === 'anyone' || hasAtLeast(role, required);
  });
}

/** Teams manifest 1.24+ allows at most 12 commands in one list (earlier versions 10). */
export const MAX_COMMANDS_PER_MENU = 12;
const TEAMS_SCOPES: readonly TeamsScope[] = ['personal', 'team', 'groupChat'];

/**
 * Each Teams scope's menu: the verbs declaring that scope, by ascending priority, at most `limit`.
 * Scopes with the same list share one menu (the manifest's commandLists).
 */
export function teamsMenus(limit = MAX_COMMANDS_PER_MENU): { scopes: TeamsScope[]; verbs: Verb[] }[] {
  const menus: { scopes: TeamsScope[]; verbs: Verb[] }[] = [];
  for (const scope of TEAMS_SCOPES) {
    const verbs = VERBS_DECLARED.filter((d) => d.menu?.scopes.includes(scope))
      .sort((a, b) => (a.menu?.priority ?? 0) - (b.menu?.priority ?? 0))
      .slice(0, limit)
      .map((d) => d.word);
    const same = menus.find((menu) => menu.verbs.join(' ') === verbs.join(' '));
    if (same) same.scopes.push(scope);
    else if (verbs.length > 0) menus.push({ scopes: [scope], verbs });
  }
  return menus;
}
