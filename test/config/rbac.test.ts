// The RBAC file: the documented shape loads; typos and malformed identities are errors that name
// the file and the YAML path.
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { KEY_32, problemsOf, tempDir } from './helpers.js';

const files = tempDir();
afterAll(() => files.remove());

function rbacProblems(yaml: string): string[] {
  return problemsOf({ RBAC_FILE: files.write(`rbac-${Math.random().toString(36).slice(2)}.yaml`, yaml) });
}

const DOCUMENTED = `
roles:                      # hierarchical: admin > approver > responder > viewer
  viewer:    ["slack:*"]
  responder: ["slack:U024BE7LH", "teams:29:1a2b3c", "aad:6f1c0a4e-1b2c-4d5e-8f90-123456789abc", "email:bob@contoso.com"]
  approver:  ["aad:0c3e5d7f-0000-4000-8000-00000000abcd"]
  admin:     ["email:secops-lead@contoso.com"]
userContext: optional
approvals:
  ttlMinutes: 60
  actions: [isolate, release, restrict, unrestrict]
`;

describe('RBAC_FILE', () => {
  it('loads the documented example', () => {
    const path = files.write('documented.yaml', DOCUMENTED);
    const config = loadConfig({ RBAC_FILE: path });
    expect(config.rbacFile).toBe(path);
    expect(config.rbac).toEqual({
      roles: {
        viewer: ['slack:*'],
        responder: [
          'slack:U024BE7LH',
          'teams:29:1a2b3c',
          'aad:6f1c0a4e-1b2c-4d5e-8f90-123456789abc',
          'email:bob@contoso.com',
        ],
        approver: ['aad:0c3e5d7f-0000-4000-8000-00000000abcd'],
        admin: ['email:secops-lead@contoso.com'],
      },
      userContext: 'optional',
      approvals: { ttlMinutes: 60, actions: ['isolate', 'release', 'restrict', 'unrestrict'] },
    });
    expect(Object.isFrozen(config.rbac.roles.responder)).toBe(true);
  });

  it('fills defaults: missing roles are empty, userContext optional, approvals 60 minutes, no action list (all approvable verbs)', () => {
    const config = loadConfig({
      RBAC_FILE: files.write('minimal.yaml', 'roles:\n  admin: ["teams:*"]\n  viewer:\n'),
    });
    expect(config.rbac).toEqual({
      roles: { viewer: [], responder: [], approver: [], admin: ['teams:*'] },
      userContext: 'optional',
      approvals: { ttlMinutes: 60 },
    });
  });

  it('accepts a subset of approval actions and another ttl', () => {
    const config = loadConfig({
      RBAC_FILE: files.write(
        'subset.yaml',
        'roles: {}\napprovals:\n  ttlMinutes: 15\n  actions: [isolate]\nuserContext: off\n',
      ),
    });
    expect(config.rbac.approvals).toEqual({ ttlMinutes: 15, actions: ['isolate'] });
    expect(config.rbac.userContext).toBe('off');
  });

  it('a misspelt role is an error with a suggestion, not a silent grant of nothing', () => {
    const [line, ...rest] = rbacProblems('roles:\n  responders: ["slack:U024BE7LH"]\n');
    expect(rest).toEqual([]);
    expect(line).toMatch(
      /^RBAC_FILE \(.+\.yaml\) roles\.responders: unknown key — did you mean responder\? allowed here: viewer, responder, approver, admin$/,
    );
  });

  it('unknown keys at every level are reported, one line each', () => {
    const problems = rbacProblems(
      'roles: {}\nuser_context: required\napprovals:\n  ttl: 30\n  actions: [isolate]\n',
    );
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toMatch(/ user_context: unknown key — did you mean userContext\?/);
    expect(problems.join('\n')).toMatch(/ approvals\.ttl: unknown key — did you mean ttlMinutes\?/);
  });

  it.each([
    ['slack:u024be7lh', /after "slack:" put a Slack user id/],
    ['slack:', /after "slack:" put a Slack user id/],
    ['aad:not-a-guid', /Entra object id \(a GUID\)/],
    ['email:bob', /an email address/],
    ['teams:', /Teams user id/],
    ['aad:*', /Entra object id/],
    ['U024BE7LH', /is not an identity — use one of slack:<user id>/],
    ['github:octocat', /is not an identity/],
  ])('identity %s is refused with the form to use', (identity, fix) => {
    const problems = rbacProblems(`roles:\n  viewer: ["slack:*", ${JSON.stringify(identity)}]\n`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^RBAC_FILE \(.+\) roles\.viewer\[1\]: /);
    expect(problems[0]).toMatch(fix);
  });

  it('a role that is not a list is refused', () => {
    expect(rbacProblems('roles:\n  admin: "email:a@b.com"\n')[0]).toMatch(
      /roles\.admin: must be a list of identities/,
    );
  });

  it('an unknown approval action, a bad ttl and a bad userContext are each reported', () => {
    const problems = rbacProblems(
      'roles: {}\nuserContext: always\napprovals:\n  ttlMinutes: 0\n  actions: [isolate, scan]\n',
    );
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/userContext: must be optional, required or off/);
    expect(problems.join('\n')).toMatch(/approvals\.ttlMinutes: must be from 1 to 10080 minutes/);
    expect(problems.join('\n')).toMatch(
      /approvals\.actions\[1\]: must be one of isolate, release, restrict, unrestrict/,
    );
  });

  it('a file without roles is refused', () => {
    expect(rbacProblems('userContext: optional\n')).toEqual([
      expect.stringMatching(/ roles: missing — add a roles: mapping/),
    ]);
  });

  it('an empty file is refused', () => {
    expect(rbacProblems('# nothing yet\n')).toEqual([expect.stringMatching(/the file is empty/)]);
  });

  it('invalid YAML is reported with its line', () => {
    expect(rbacProblems('roles:\n  viewer: ["slack:*"\n')[0]).toMatch(
      /^RBAC_FILE \(.+\) line \d+: .+ — fix the YAML syntax$/,
    );
  });

  it('a duplicated key is an error rather than last-one-wins', () => {
    expect(rbacProblems('roles:\n  admin: ["teams:*"]\n  admin: []\n')[0]).toMatch(
      /line 3: .*— fix the YAML syntax/,
    );
  });

  it('a missing file names RBAC_FILE and the path', () => {
    expect(problemsOf({ RBAC_FILE: `${files.dir}/nope.yaml` })).toEqual([
      expect.stringMatching(/^RBAC_FILE: cannot read .*nope\.yaml \(ENOENT\)/),
    ]);
  });

  it('userContext: required needs sign-in to be configured, one line per missing variable', () => {
    const path = files.write('required.yaml', 'roles: {}\nuserContext: required\n');
    const problems = problemsOf({ RBAC_FILE: path, TOKEN_ENCRYPTION_KEY: KEY_32 });
    expect(problems.map((line) => line.slice(0, line.indexOf(':')))).toEqual([
      'AZURE_CLIENT_ID',
      'PUBLIC_URL',
    ]);
    expect(problems[0]).toMatch(/userContext: required/);
    const complete = {
      RBAC_FILE: path,
      TOKEN_ENCRYPTION_KEY: KEY_32,
      PUBLIC_URL: 'https://bot.contoso.com',
      AZURE_TENANT_ID: 't',
      AZURE_CLIENT_ID: 'c',
      AZURE_CLIENT_SECRET: 's',
    };
    expect(loadConfig(complete).rbac.userContext).toBe('required');
  });
});
