// The Teams bot's command menus, generated from the command catalogue so they cannot drift from `help`.
import { COMMAND_CATALOGUE, type VerbInfo } from '../../src/commands/index.js';

export type TeamsScope = 'personal' | 'team' | 'groupChat';

export interface TeamsCommandList {
  scopes: TeamsScope[];
  commands: { title: string; description: string }[];
}

/** Teams manifest 1.24+ allows at most 12 commands in one list (earlier versions 10). */
export const MAX_COMMANDS_PER_LIST = 12;

type VerbName = VerbInfo['verb'];

/**
 * The grammar has 16 verbs but a scope's menu holds 12, so each menu leaves some out; every verb
 * still works when typed, and `help` lists them all. The menus together show every verb:
 * - personal chat is where people sign in (`login`/`logout`/`whoami`) and look things up, so it
 *   drops `restrict`/`unrestrict` (rare) and `subscribe`/`unsubscribe` (they configure a channel);
 * - team channels and group chats are where alerts are subscribed to and actions are requested
 *   and approved in front of colleagues, so they drop the sign-in verbs and `whoami` (personal
 *   matters, better answered in a 1:1 chat) and `collect` (its package link is for one person).
 */
export const COMMAND_MENUS: readonly { scopes: readonly TeamsScope[]; verbs: readonly VerbName[] }[] = [
  {
    scopes: ['personal'],
    verbs: ['help', 'whoami', 'login', 'logout', 'machine', 'alerts', 'actions', 'status', 'scan', 'collect', 'isolate', 'release'],
  },
  {
    scopes: ['team', 'groupChat'],
    verbs: ['help', 'machine', 'alerts', 'actions', 'status', 'scan', 'isolate', 'release', 'restrict', 'unrestrict', 'subscribe', 'unsubscribe'],
  },
];

/** Title = the verb a user types; description = its arguments and what it does. */
function describe(verb: VerbName): { title: string; description: string } {
  const info = COMMAND_CATALOGUE.find((entry) => entry.verb === verb);
  if (!info) throw new Error(`the Teams command menu names "${verb}", which the command catalogue does not have`);
  return { title: info.verb, description: `${info.usage} — ${info.summary}` };
}

export function buildCommandLists(): TeamsCommandList[] {
  return COMMAND_MENUS.map((menu) => {
    if (menu.verbs.length > MAX_COMMANDS_PER_LIST) {
      throw new Error(`the ${menu.scopes.join('/')} menu has ${menu.verbs.length} commands; Teams allows ${MAX_COMMANDS_PER_LIST}`);
    }
    return { scopes: [...menu.scopes], commands: menu.verbs.map(describe) };
  });
}
