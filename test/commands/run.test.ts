// `run`'s grammar and allow-list, the RBAC file's liveResponse.scripts, and run requests on the
// approval record (older records still parse; a run names its script and only a run does).
import { afterAll, describe, expect, it } from 'vitest';
import { parseApprovalRecord } from '../../src/authz/approvals/index.js';
import { parseCommand, scriptRefusal } from '../../src/commands/index.js';
import { loadConfig } from '../../src/config/index.js';
import { EMPTY_RBAC } from '../../src/config/rbac.js';
import { problemsOf, tempDir } from '../config/helpers.js';

describe('run <machine> <script> ["<args>"] <reason>', () => {
  it.each([
    [
      'run web-07 collect-logs.ps1 "-Hours 4" incident 4711',
      { script: 'collect-logs.ps1', args: '-Hours 4', reason: 'incident 4711' },
    ],
    ['run web-07 collect-logs.ps1 incident 4711', { script: 'collect-logs.ps1', reason: 'incident 4711' }],
  ])('%s', (text, expected) => {
    const result = parseCommand(text);
    expect(result.ok && result.command).toEqual({ verb: 'run', machine: 'web-07', ...expected });
  });

  it.each([
    ['run', /Which machine/],
    ['run web-07', /Which script/],
    ['run web-07 collect-logs.ps1', /reason is required/],
    // A quoted word after the script is its arguments, so a reason must still follow.
    ['run web-07 collect-logs.ps1 "-Hours 4"', /reason is required/],
    ['run web-07 ../evil.ps1 why', /library file name/],
    ['run web-07 c:\\temp\\x.ps1 why', /library file name/],
  ])('refuses %s', (text, message) => {
    const result = parseCommand(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(message);
  });
});

describe('the allow-list', () => {
  const rbac = { ...EMPTY_RBAC, liveResponse: { scripts: ['collect-logs.ps1'] } };
  it('admits a listed script in any case and refuses others, naming the list', () => {
    expect(scriptRefusal(rbac, 'Collect-Logs.ps1')).toBeUndefined();
    expect(scriptRefusal(rbac, 'evil.ps1')).toMatch(
      /not on the allow-list .*collect-logs\.ps1.*Nothing was requested/,
    );
  });
  it('refuses everything when none is configured', () => {
    expect(scriptRefusal(EMPTY_RBAC, 'collect-logs.ps1')).toMatch(/liveResponse\.scripts list is empty/);
  });
});

const files = tempDir();
afterAll(() => files.remove());
const write = (yaml: string) => files.write(`rbac-${Math.random().toString(36).slice(2)}.yaml`, yaml);

describe('liveResponse.scripts in the RBAC file', () => {
  it('loads the names (duplicates once); absent means none', () => {
    const config = loadConfig({
      RBAC_FILE: write(
        'roles: {}\nliveResponse:\n  scripts: ["collect-logs.ps1", "get_procs.sh", "collect-logs.ps1"]\n',
      ),
    });
    expect(config.rbac.liveResponse).toEqual({ scripts: ['collect-logs.ps1', 'get_procs.sh'] });
    expect(loadConfig({ RBAC_FILE: write('roles: {}\n') }).rbac.liveResponse).toBeUndefined();
  });
  it('a bad name or an unknown key is a start-up error naming it', () => {
    const text = problemsOf({
      RBAC_FILE: write('roles: {}\nliveResponse:\n  scripts: ["ok.ps1", "../x.ps1"]\n  script: []\n'),
    }).join('\n');
    expect(text).toMatch(/liveResponse\.scripts\[1\]: must be a library file name/);
    expect(text).toMatch(/liveResponse(\.script)?: unknown key/);
  });
});

describe('run requests on the approval record', () => {
  const base = {
    id: 'A'.repeat(22),
    reason: 'triage',
    requester: { platform: 'slack', id: 'U1' },
    conversation: { platform: 'slack', id: 'C1' },
    correlationId: 'c1',
    state: 'pending',
    createdAt: '2026-01-01T00:00:00.000Z',
    expiresAt: '2026-01-01T01:00:00.000Z',
    machineId: 'm'.repeat(40),
    machineName: 'web-07',
  };
  it('keeps the script and its arguments; older machine records parse unchanged', () => {
    const run = parseApprovalRecord(
      JSON.stringify({ ...base, verb: 'run', script: 'collect-logs.ps1', args: '-Hours 4' }),
    );
    expect(run).toMatchObject({ verb: 'run', script: 'collect-logs.ps1', args: '-Hours 4' });
    expect(
      parseApprovalRecord(JSON.stringify({ ...base, verb: 'isolate', isolationType: 'full' })),
    ).toMatchObject({
      verb: 'isolate',
    });
  });
  it('refuses a run without its script, and a script on any other verb', () => {
    expect(parseApprovalRecord(JSON.stringify({ ...base, verb: 'run' }))).toBeUndefined();
    expect(
      parseApprovalRecord(JSON.stringify({ ...base, verb: 'isolate', script: 'x.ps1' })),
    ).toBeUndefined();
  });
});
