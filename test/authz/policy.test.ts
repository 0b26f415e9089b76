import { describe, expect, it } from 'vitest';
import { authorize, canApprove, type Decision } from '../../src/authz/index.js';
import { VERBS, allowedVerbs, authorizationOf, parseCommand, type Verb } from '../../src/commands/index.js';
import { ROLE_FILE as FILE, ROLE_USERS as USERS, rbac, slackUser } from './fixtures.js';

type Expected = 'allow' | 'deny' | 'approval';
// Rows: verbs; columns: none, viewer, responder, approver, admin (DESIGN.md section 3).
const MATRIX: Record<Verb, [Expected, Expected, Expected, Expected, Expected]> = {
  help: ['allow', 'allow', 'allow', 'allow', 'allow'],
  whoami: ['allow', 'allow', 'allow', 'allow', 'allow'],
  login: ['allow', 'allow', 'allow', 'allow', 'allow'],
  logout: ['allow', 'allow', 'allow', 'allow', 'allow'],
  machine: ['deny', 'allow', 'allow', 'allow', 'allow'],
  alerts: ['deny', 'allow', 'allow', 'allow', 'allow'],
  alert: ['deny', 'allow', 'allow', 'allow', 'allow'],
  assign: ['deny', 'deny', 'allow', 'allow', 'allow'],
  resolve: ['deny', 'deny', 'allow', 'allow', 'allow'],
  comment: ['deny', 'deny', 'allow', 'allow', 'allow'],
  actions: ['deny', 'allow', 'allow', 'allow', 'allow'],
  status: ['deny', 'allow', 'allow', 'allow', 'allow'],
  cancel: ['deny', 'deny', 'allow', 'allow', 'allow'],
  scan: ['deny', 'deny', 'allow', 'allow', 'allow'],
  collect: ['deny', 'deny', 'allow', 'allow', 'allow'],
  isolate: ['deny', 'deny', 'approval', 'approval', 'approval'],
  release: ['deny', 'deny', 'approval', 'approval', 'approval'],
  restrict: ['deny', 'deny', 'approval', 'approval', 'approval'],
  unrestrict: ['deny', 'deny', 'approval', 'approval', 'approval'],
  // Not in the fixture's approvals.actions either (the default list has it: see the e2e run tests).
  run: ['deny', 'deny', 'allow', 'allow', 'allow'],
  scripts: ['deny', 'deny', 'allow', 'allow', 'allow'],
  tag: ['deny', 'deny', 'allow', 'allow', 'allow'],
  untag: ['deny', 'deny', 'allow', 'allow', 'allow'],
  // The fixture's approvals.actions name the machine actions only, so these run without an approval.
  block: ['deny', 'deny', 'allow', 'allow', 'allow'],
  unblock: ['deny', 'deny', 'allow', 'allow', 'allow'],
  indicators: ['deny', 'allow', 'allow', 'allow', 'allow'],
  // Each named hunt's own role and hunting.kqlRole are checked by the hunt job (test/e2e/hunting.test.ts).
  hunts: ['deny', 'allow', 'allow', 'allow', 'allow'],
  hunt: ['deny', 'allow', 'allow', 'allow', 'allow'],
  subscribe: ['deny', 'deny', 'deny', 'deny', 'allow'],
  unsubscribe: ['deny', 'deny', 'deny', 'deny', 'allow'],
  doctor: ['deny', 'deny', 'deny', 'deny', 'allow'],
};
const COLUMNS = ['none', 'viewer', 'responder', 'approver', 'admin'] as const;

function kindOf(decision: Decision): Expected {
  return decision.kind === 'needs-approval' ? 'approval' : decision.kind;
}

describe('authorize: every role x every verb', () => {
  it('covers every verb', () => {
    expect(Object.keys(MATRIX).sort()).toEqual([...VERBS].sort());
  });

  const rows = VERBS.flatMap((verb) => COLUMNS.map((column, i) => [verb, column, MATRIX[verb][i]] as const));
  it.each(rows)('%s by %s -> %s', (verb, column, expected) => {
    const decision = authorize(slackUser(USERS[column]), authorizationOf(verb), FILE);
    expect(kindOf(decision)).toBe(expected);
    if (decision.kind === 'deny') {
      expect(decision.reason).toContain(`\`${verb}\` needs the`);
      expect(decision.reason).toContain(column === 'none' ? 'you have no role' : `you have ${column}`);
      expect(decision.reason).toContain('Ask an admin to add you in the RBAC file.');
    } else {
      expect(decision.role).toBe(column === 'none' ? undefined : column);
    }
  });

  it('words the denial as the user sees it', () => {
    expect(authorize(slackUser('UVIEW'), authorizationOf('isolate'), FILE)).toEqual({
      kind: 'deny',
      reason:
        '`isolate` needs the responder role; you have viewer. Ask an admin to add you in the RBAC file.',
    });
  });

  it('takes a parsed Command with its registry facts', () => {
    const parsed = parseCommand('isolate web-07 beacon');
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(authorize(slackUser('URESP'), authorizationOf(parsed.command.verb), FILE)).toEqual({
      kind: 'needs-approval',
      role: 'responder',
    });
  });
});

describe('authorize: approvals.actions is configurable', () => {
  it('allows a responder to isolate at once when isolate is not listed', () => {
    const file = rbac({ responder: ['slack:URESP'] }, ['release']);
    expect(authorize(slackUser('URESP'), authorizationOf('isolate'), file)).toEqual({
      kind: 'allow',
      role: 'responder',
    });
    expect(authorize(slackUser('URESP'), authorizationOf('release'), file)).toEqual({
      kind: 'needs-approval',
      role: 'responder',
    });
  });

  it('lets no machine action wait when the list is empty', () => {
    const file = rbac({ responder: ['slack:URESP'] }, []);
    for (const verb of ['scan', 'collect', 'isolate', 'release', 'restrict', 'unrestrict'] as const) {
      expect(authorize(slackUser('URESP'), authorizationOf(verb), file).kind).toBe('allow');
    }
  });

  it('puts any verb declared approvable behind an approval when listed, in any case', () => {
    const file = rbac({ responder: ['slack:URESP'] }, ['scan', 'Collect']);
    const approvable = (verb: string) => ({ verb, role: 'responder' as const, approvable: true });
    expect(authorize(slackUser('URESP'), approvable('scan'), file).kind).toBe('needs-approval');
    expect(authorize(slackUser('URESP'), approvable('collect'), file).kind).toBe('needs-approval');
    expect(authorize(slackUser('URESP'), authorizationOf('isolate'), file).kind).toBe('allow');
  });

  it('ignores listed verbs the registry does not declare approvable (the RBAC file refuses them anyway)', () => {
    const file = rbac({ responder: ['slack:URESP'] }, ['scan', 'collect']);
    expect(authorize(slackUser('URESP'), authorizationOf('scan'), file).kind).toBe('allow');
    expect(authorize(slackUser('URESP'), authorizationOf('collect'), file).kind).toBe('allow');
  });

  it('ignores reads and admin verbs in the list (they cannot be approved)', () => {
    const file = rbac({ viewer: ['slack:UVIEW'], admin: ['slack:UADMIN'] }, ['machine', 'help', 'subscribe']);
    expect(authorize(slackUser('UVIEW'), authorizationOf('machine'), file).kind).toBe('allow');
    expect(authorize(slackUser('UNOBODY'), authorizationOf('help'), file).kind).toBe('allow');
    expect(authorize(slackUser('UADMIN'), authorizationOf('subscribe'), file).kind).toBe('allow');
  });

  it('still denies a viewer, whatever the approvals', () => {
    const file = rbac({ viewer: ['slack:UVIEW'] }, []);
    expect(authorize(slackUser('UVIEW'), authorizationOf('isolate'), file).kind).toBe('deny');
  });
});

describe('canApprove', () => {
  it.each([
    ['none', false],
    ['viewer', false],
    ['responder', false],
    ['approver', true],
    ['admin', true],
  ] as const)('%s -> %s', (column, expected) => {
    expect(canApprove(slackUser(USERS[column]), FILE)).toBe(expected);
  });
});

describe('allowedVerbs', () => {
  it.each(COLUMNS)('lists exactly what %s may run or request, in help order', (column) => {
    const i = COLUMNS.indexOf(column);
    const expected = VERBS.filter((verb) => MATRIX[verb][i] !== 'deny');
    expect(allowedVerbs(slackUser(USERS[column]), FILE)).toEqual(expected);
  });

  it('gives a user without a role only help, whoami, login and logout', () => {
    expect(allowedVerbs(slackUser('UNOBODY'), FILE)).toEqual(['help', 'whoami', 'login', 'logout']);
  });
});
