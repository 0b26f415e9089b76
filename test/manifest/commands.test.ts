import { describe, expect, it } from 'vitest';
import { COMMAND_CATALOGUE, VERBS_DECLARED } from '../../src/commands/index.js';
import { buildCommandLists, buildTeamsManifest, loadTeamsSchema } from '../../scripts/manifest/index.js';
import { inputsFor } from './helpers.js';

/** The per-list command limit, read from the schema itself rather than restated. */
function schemaCommandLimit(): number {
  const schema = loadTeamsSchema('1.30') as unknown as {
    properties: {
      bots: {
        items: {
          properties: { commandLists: { items: { properties: { commands: { maxItems: number } } } } };
        };
      };
    };
  };
  return schema.properties.bots.items.properties.commandLists.items.properties.commands.maxItems;
}

describe('Teams command menus', () => {
  const lists = buildCommandLists();
  const verbs = COMMAND_CATALOGUE.map((entry) => entry.verb);

  it("give every bot scope exactly one menu, each within the schema's limit", () => {
    const limit = schemaCommandLimit();
    expect(limit).toBe(12);
    const scopes = lists.flatMap((list) => list.scopes).sort();
    expect(scopes).toEqual(['groupChat', 'personal', 'team']);
    for (const list of lists) {
      expect(list.commands.length).toBe(Math.min(limit, verbs.length));
      expect(new Set(list.commands.map((command) => command.title)).size).toBe(list.commands.length);
    }
  });

  it('offer, per scope, the verbs whose menu entry names it, by priority, and no verb without one', () => {
    const offered = new Set(lists.flatMap((list) => list.commands.map((command) => command.title)));
    const withMenu = VERBS_DECLARED.filter((d) => d.menu !== undefined);
    for (const title of offered) expect(withMenu.map((d) => d.word)).toContain(title);
    for (const list of lists) {
      for (const scope of list.scopes) {
        const expected = withMenu
          .filter((d) => d.menu?.scopes.includes(scope))
          .sort((a, b) => (a.menu?.priority ?? 0) - (b.menu?.priority ?? 0))
          .slice(0, schemaCommandLimit())
          .map((d) => d.word);
        expect(list.commands.map((command) => command.title)).toEqual(expected);
      }
    }
    // Typed only: a verb without a menu entry is still a command, just not offered in the menu.
    expect(offered.has('cancel')).toBe(false);
    expect(verbs).toContain('cancel');
  });

  it('describe each command by its usage line and summary', () => {
    for (const command of lists.flatMap((list) => list.commands)) {
      const entry = COMMAND_CATALOGUE.find((candidate) => candidate.verb === command.title);
      expect(command.description).toBe(`${entry?.usage} — ${entry?.summary}`);
    }
    const personal = lists.find((list) => list.scopes.includes('personal'));
    expect(personal?.commands.map((command) => command.title)).toEqual(
      expect.arrayContaining(['login', 'logout', 'whoami']),
    );
    const team = lists.find((list) => list.scopes.includes('team'));
    expect(team?.commands.map((command) => command.title)).toEqual(
      expect.arrayContaining(['subscribe', 'unsubscribe', 'isolate']),
    );
  });

  it('are what the manifest carries', () => {
    const manifest = buildTeamsManifest(inputsFor(), '0.1.0');
    expect(manifest.bots).toMatchObject([{ commandLists: lists }]);
  });
});
