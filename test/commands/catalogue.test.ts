import { describe, expect, it } from 'vitest';
import { COMMAND_CATALOGUE, VERBS, VERB_ROLES, parseCommand, usageOf } from '../../src/commands/index.js';

describe('COMMAND_CATALOGUE', () => {
  it('lists every verb once, in the policy order, with the policy role', () => {
    expect(COMMAND_CATALOGUE.map((info) => info.verb)).toEqual([...VERBS]);
    for (const info of COMMAND_CATALOGUE) expect(info.role).toBe(VERB_ROLES[info.verb]);
  });

  it('has a usage line starting with the verb and a one-line summary', () => {
    for (const info of COMMAND_CATALOGUE) {
      expect(info.usage.split(' ')[0]).toBe(info.verb);
      expect(usageOf(info.verb)).toBe(info.usage);
      expect(info.summary).toMatch(/^[A-Z].*\.$/);
      expect(info.summary).not.toContain('\n');
    }
  });

  it('matches the roles of DESIGN.md', () => {
    const roles = Object.fromEntries(COMMAND_CATALOGUE.map((info) => [info.verb, info.role]));
    expect(roles).toEqual({
      help: 'anyone',
      whoami: 'anyone',
      login: 'anyone',
      logout: 'anyone',
      machine: 'viewer',
      alerts: 'viewer',
      alert: 'viewer',
      assign: 'responder',
      resolve: 'responder',
      comment: 'responder',
      actions: 'viewer',
      status: 'viewer',
      cancel: 'responder',
      scan: 'responder',
      collect: 'responder',
      isolate: 'responder',
      release: 'responder',
      restrict: 'responder',
      unrestrict: 'responder',
      tag: 'responder',
      untag: 'responder',
      block: 'responder',
      unblock: 'responder',
      run: 'responder',
      scripts: 'responder',
      indicators: 'viewer',
      subscribe: 'admin',
      unsubscribe: 'admin',
      doctor: 'admin',
      hunts: 'viewer',
      hunt: 'viewer',
    });
  });

  it('has a parser for every verb: the bare verb parses or asks for its arguments', () => {
    for (const { verb } of COMMAND_CATALOGUE) {
      const result = parseCommand(verb);
      if (result.ok) expect(result.command.verb).toBe(verb);
      else expect(result.error.code).toBe('MISSING_ARGUMENT');
    }
  });
});
