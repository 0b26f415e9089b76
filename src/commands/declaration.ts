// What one verb module declares: everything about the verb, from which the registry derives every table
// (grammar, help, roles, approvals, read verbs, manifest menus). STYLE.md: "One command, one module".
import type { RequiredRole } from '../authz/index.js';
import type { ArgReader } from './args.js';
import type { ParseResult } from './types.js';

/** How a command runs: answered at once by the app, a read job, or an MDE machine action job. */
export type RunTag = 'immediate' | 'read' | 'machine-action';

export type TeamsScope = 'personal' | 'team' | 'groupChat';

/** A Teams command menu entry: each scope's menu takes its entries by ascending priority, up to Teams' limit. */
export interface MenuEntry {
  readonly priority: number;
  readonly scopes: readonly TeamsScope[];
}

export interface VerbDeclaration<W extends string = string, R extends RunTag = RunTag> {
  /** The word a user types; lower case. */
  readonly word: W;
  /** Other words for the same verb (lower case); none today. */
  readonly aliases: readonly string[];
  /** Reads the arguments after the word into this verb's Command. */
  readonly parse: (args: ArgReader) => ParseResult;
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
  /** Its Teams menu entry; without one it is only typed. */
  readonly menu?: MenuEntry;
}

/** Keeps the literal word and run tag, so the registry can derive the `Verb` union and the verbs of each run tag. */
export function declareVerb<const W extends string, const R extends RunTag>(
  declaration: VerbDeclaration<W, R>,
): VerbDeclaration<W, R> {
  return declaration;
}
