// The Teams bot's command menus, derived from the command registry so they cannot drift from `help`.
import {
  COMMAND_CATALOGUE,
  MAX_COMMANDS_PER_MENU,
  teamsMenus,
  type TeamsScope,
  type Verb,
} from '../../src/commands/index.js';

export type { TeamsScope } from '../../src/commands/index.js';

export interface TeamsCommandList {
  scopes: TeamsScope[];
  commands: { title: string; description: string }[];
}

/** Teams manifest 1.24+ allows at most 12 commands in one list (earlier versions 10). */
export const MAX_COMMANDS_PER_LIST = MAX_COMMANDS_PER_MENU;

/**
 * Each verb module declares its menu entry (scopes and a priority); a scope's menu takes its verbs by
 * priority, up to the limit. Every verb still works when typed, and `help` lists them all:
 * - personal chat is where people sign in (`login`/`logout`/`whoami`) and look things up;
 * - team channels and group chats are where alerts are subscribed to and actions are requested
 *   and approved in front of colleagues.
 */
export const COMMAND_MENUS: readonly { scopes: readonly TeamsScope[]; verbs: readonly Verb[] }[] =
  teamsMenus(MAX_COMMANDS_PER_LIST);

/** Title = the verb a user types; description = its arguments and what it does. */
function describe(verb: Verb): { title: string; description: string } {
  const info = COMMAND_CATALOGUE.find((entry) => entry.verb === verb);
  if (!info)
    throw new Error(`the Teams command menu names "${verb}", which the command registry does not have`);
  return { title: info.verb, description: `${info.usage} — ${info.summary}` };
}

export function buildCommandLists(): TeamsCommandList[] {
  return COMMAND_MENUS.map((menu) => {
    if (menu.verbs.length > MAX_COMMANDS_PER_LIST) {
      throw new Error(
        `the ${menu.scopes.join('/')} menu has ${menu.verbs.length} commands; Teams allows ${MAX_COMMANDS_PER_LIST}`,
      );
    }
    return { scopes: [...menu.scopes], commands: menu.verbs.map(describe) };
  });
}
