// Walks the command registry: every verb is fully declared, every table is derived from it, and a
// word that is not registered is refused everywhere.
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { readFileSync } from 'node:fs';
import { helpAnswer } from '../../src/app/answers.js';
import { APPROVAL_VERBS, authorize, hasAtLeast } from '../../src/authz/index.js';
import {
  APPROVABLE_VERBS,
  COMMAND_CATALOGUE,
  OPEN_VERBS,
  VERBS,
  VERBS_DECLARED,
  VERB_ROLES,
  RUN_TAGS as REGISTERED_RUN_TAGS,
  UnroutableCommandError,
  authorizationOf,
  declarationFor,
  expectMachineAction,
  expectJob,
  isRunTag,
  isVerb,
  machineActionOf,
  parseCommand,
  routeCommand,
  teamsMenus,
  type Command,
} from '../../src/commands/index.js';
import { approvalActionProblems } from '../../src/config/index.js';
import { MACHINE_ACTION_TYPES } from '../../src/defender/index.js';
import type { ChatRole } from '../../src/config/types.js';
import {
  buildCommandLists,
  buildTeamsManifest,
  COMMAND_MENUS,
  MAX_COMMANDS_PER_LIST,
  SLACK_TEMPLATE,
} from '../../scripts/manifest/index.js';
import { ROLE_FILE as FILE, ROLE_USERS as USERS, slackUser } from '../authz/fixtures.js';
import { inputsFor } from '../manifest/helpers.js';

const RUN_TAGS = ['immediate', 'job', 'machine-action'];

describe('the command registry', () => {
  it('declares each verb once, in help order, with every fact', () => {
    expect(new Set(VERBS).size).toBe(VERBS.length);
    expect(COMMAND_CATALOGUE.map((info) => info.verb)).toEqual([...VERBS]);
    for (const declaration of VERBS_DECLARED) {
      expect(declaration.word).toMatch(/^[a-z]+$/);
      expect(typeof declaration.parse).toBe('function');
      expect(['anyone', 'viewer', 'responder', 'approver', 'admin']).toContain(declaration.role);
      expect(typeof declaration.approvable).toBe('boolean');
      expect(declaration.usage.split(' ')[0]).toBe(declaration.word);
      expect(declaration.summary).toMatch(/^[A-Z].*\.$/);
      expect(declaration.examples.length).toBeGreaterThan(0);
      expect(RUN_TAGS.filter((tag) => tag === declaration.runs)).toHaveLength(1);
      // Exactly one way to run: a job verb declares its job, a machine-action verb its MDE action
      // (the type MDE creates, its cards' title, its submission), and no other verb either.
      expect(typeof declaration.run === 'function').toBe(declaration.runs === 'job');
      expect(declaration.action !== undefined).toBe(declaration.runs === 'machine-action');
      if (declaration.action) {
        expect(MACHINE_ACTION_TYPES).toContain(declaration.action.type);
        expect(declaration.action.title).toMatch(/^[A-Z][a-z]/);
        expect(typeof declaration.action.submit).toBe('function');
        expect(machineActionOf(declaration.word)).toBe(declaration.action);
      } else {
        expect(() => machineActionOf(declaration.word)).toThrow(/not a registered machine-action verb/);
      }
      for (const alias of declaration.aliases) expect(declarationFor(alias)).toBe(declaration);
      expect(declarationFor(declaration.word)).toBe(declaration);
    }
  });

  it('routes every example by its declared run tag only, and a job only by its own kind', () => {
    expect([...REGISTERED_RUN_TAGS]).toEqual(RUN_TAGS);
    for (const declaration of VERBS_DECLARED) {
      for (const example of declaration.examples) {
        const result = parseCommand(example);
        if (!result.ok) throw new Error(`${example}: ${result.error.message}`);
        const routed = routeCommand(result.command);
        expect(routed).toMatchObject({ runs: declaration.runs, command: result.command });
        expect('run' in routed).toBe(declaration.runs === 'job');
        // The worker runs a command job's or a start-action job's command only if its verb still runs that way.
        if (declaration.runs === 'job') expect(expectJob(result.command).command).toBe(result.command);
        else expect(() => expectJob(result.command)).toThrow(UnroutableCommandError);
        if (declaration.runs === 'machine-action')
          expect(expectMachineAction(result.command)).toBe(result.command);
        else expect(() => expectMachineAction(result.command)).toThrow(UnroutableCommandError);
      }
    }
    expect(isRunTag('teleport')).toBe(false);
    const unregistered = { verb: 'offboard', machine: 'web-07' } as unknown as Command;
    expect(() => routeCommand(unregistered)).toThrow(UnroutableCommandError);
    expect(() => expectJob(unregistered)).toThrow(UnroutableCommandError);
    expect(() => expectMachineAction(unregistered)).toThrow(UnroutableCommandError);
  });

  it('parses every example to a command of its own verb', () => {
    for (const declaration of VERBS_DECLARED) {
      for (const example of declaration.examples) {
        const result = parseCommand(example);
        if (!result.ok) throw new Error(`${example}: ${result.error.message}`);
        expect(result.command.verb).toBe(declaration.word);
      }
    }
  });

  it('lets machine actions and job verbs with an approved run wait for an approval, and matches the tables below it', () => {
    for (const verb of APPROVABLE_VERBS) expect(authorizationOf(verb)).toMatchObject({ approvable: true });
    for (const declaration of VERBS_DECLARED.filter((d) => d.approvable)) {
      if (declaration.runs === 'job') expect(declaration.approved).toBeDefined();
      else expect(declaration.runs).toBe('machine-action');
    }
    for (const declaration of VERBS_DECLARED.filter((d) => !d.approvable))
      expect(declaration.approved).toBeUndefined();
    // The approval records still carry their own list (a machine's or an indicator's fields); no drift.
    expect([...APPROVAL_VERBS]).toEqual([...APPROVABLE_VERBS]);
    expect(OPEN_VERBS).toEqual(VERBS.filter((verb) => VERB_ROLES[verb] === 'anyone'));
  });

  it('validates RBAC approvals.actions against the approvable verbs, and defaults to all of them', () => {
    const listing = (actions: string[]) => ({ ...FILE, approvals: { ttlMinutes: 60, actions } });
    expect(approvalActionProblems(listing([...APPROVABLE_VERBS]), APPROVABLE_VERBS, 'r.yaml')).toEqual([]);
    for (const verb of VERBS.filter((v) => !APPROVABLE_VERBS.includes(v))) {
      expect(approvalActionProblems(listing(['isolate', verb]), APPROVABLE_VERBS, 'r.yaml')).toEqual([
        `RBAC_FILE (r.yaml) approvals.actions[1]: must be one of ${APPROVABLE_VERBS.join(', ')}`,
      ]);
    }
    // Without a list, each approvable verb asked by a responder waits for an approver.
    const responder = slackUser(USERS.responder);
    for (const verb of VERBS) {
      const decision = authorize(responder, authorizationOf(verb), {
        ...FILE,
        approvals: { ttlMinutes: 60 },
      });
      expect(decision.kind === 'needs-approval').toBe(APPROVABLE_VERBS.includes(verb));
    }
  });

  it.each(Object.keys(USERS) as (ChatRole | 'none')[])(
    'shows in help exactly the verbs %s may run',
    (column) => {
      const actor = slackUser(USERS[column]);
      const held = column === 'none' ? undefined : column;
      const expected = VERBS_DECLARED.filter((d) => d.role === 'anyone' || hasAtLeast(held, d.role)).map(
        (d) => d.word,
      );
      const answer = helpAnswer(actor, FILE);
      if (answer.visibility === 'none') throw new Error('help answered nothing');
      expect(answer.message.text).toBe(`Commands you may run: ${expected.join(', ')}`);
      for (const verb of VERBS) {
        const decision = authorize(actor, authorizationOf(verb), FILE);
        expect(decision.kind !== 'deny').toBe(expected.includes(verb));
      }
    },
  );

  it('builds the Teams menus from the registry, by priority, within the limit', () => {
    expect(MAX_COMMANDS_PER_LIST).toBe(12);
    expect(COMMAND_MENUS).toEqual(teamsMenus(MAX_COMMANDS_PER_LIST));
    const lists = buildCommandLists();
    expect(buildTeamsManifest(inputsFor(), '0.1.0').bots).toMatchObject([{ commandLists: lists }]);
    for (const list of lists) {
      expect(list.commands.length).toBeLessThanOrEqual(12);
      for (const command of list.commands) expect(isVerb(command.title)).toBe(true);
      for (const scope of list.scopes) {
        const declared = VERBS_DECLARED.filter((d) => d.menu?.scopes.includes(scope));
        const byPriority = [...declared]
          .sort((a, b) => (a.menu?.priority ?? 0) - (b.menu?.priority ?? 0))
          .slice(0, 12);
        expect(list.commands.map((command) => command.title)).toEqual(byPriority.map((d) => d.word));
      }
    }
    // The same menus as before the registry.
    expect(COMMAND_MENUS).toEqual([
      {
        scopes: ['personal'],
        verbs: [
          'help',
          'whoami',
          'login',
          'logout',
          'machine',
          'alerts',
          'actions',
          'status',
          'scan',
          'collect',
          'isolate',
          'release',
        ],
      },
      {
        scopes: ['team', 'groupChat'],
        verbs: [
          'help',
          'machine',
          'alerts',
          'actions',
          'status',
          'scan',
          'isolate',
          'release',
          'restrict',
          'unrestrict',
          'subscribe',
          'unsubscribe',
        ],
      },
    ]);
  });

  it('names only registered verbs in the Slack slash command hint', () => {
    const manifest = parseDocument(readFileSync(SLACK_TEMPLATE, 'utf8')).toJS() as {
      features: { slash_commands: { usage_hint: string }[] };
    };
    const hint = manifest.features.slash_commands[0]?.usage_hint ?? '';
    const words = hint.split(' | ').map((part) => part.split(' ')[0] ?? '');
    expect(words.length).toBeGreaterThan(0);
    for (const word of words) expect(isVerb(word)).toBe(true);
  });

  it('refuses a word that is not registered: not parsed, not authorized', () => {
    for (const word of ['offboard', 'quarantine', 'constructor', '__proto__', 'toString']) {
      const parsed = parseCommand(`${word} web-07 some reason`);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.error.code).toBe('UNKNOWN_VERB');
      expect(isVerb(word)).toBe(false);
      expect(declarationFor(word)).toBeUndefined();
      expect(() => authorizationOf(word as never)).toThrow(/not a registered verb/);
    }
  });
});
