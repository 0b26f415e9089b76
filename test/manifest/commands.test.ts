import { describe, expect, it } from 'vitest';
import { COMMAND_CATALOGUE } from '../../src/commands/index.js';
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

  it('together offer every verb of the grammar, and only those', () => {
    const offered = new Set(lists.flatMap((list) => list.commands.map((command) => command.title)));
    expect([...offered].sort()).toEqual([...verbs].sort());
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
