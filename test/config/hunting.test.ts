// RBAC `hunting.kqlRole`, HUNTS_FILE and GRAPH_SCOPE at start: defaults, values, and problems named
// with the variable or key and how to fix them.
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { problemsOf, tempDir } from './helpers.js';

const files = tempDir();
afterAll(() => files.remove());
const write = (name: string, text: string) =>
  files.write(`${name}-${Math.random().toString(36).slice(2)}.yaml`, text);

describe('hunting configuration', () => {
  it('kqlRole defaults to responder (absent section) and takes any role', () => {
    expect(loadConfig({ RBAC_FILE: write('rbac', 'roles: {}\n') }).rbac.hunting).toBeUndefined();
    const config = loadConfig({ RBAC_FILE: write('rbac', 'roles: {}\nhunting:\n  kqlRole: approver\n') });
    expect(config.rbac.hunting).toEqual({ kqlRole: 'approver' });
  });

  it('names a bad kqlRole and a typo in the hunting section', () => {
    const problems = problemsOf({
      RBAC_FILE: write('rbac', 'roles: {}\nhunting:\n  kqlRole: boss\n  kqlRol: x\n'),
    });
    expect(problems.join('\n')).toMatch(/hunting\.kqlRole: must be viewer, responder, approver or admin/);
    expect(problems.join('\n')).toMatch(/hunting\.kqlRol: unknown key — did you mean kqlRole\?/);
  });

  it('loads HUNTS_FILE into the configuration and names its problems at start', () => {
    const good = write(
      'hunts',
      'hunts:\n  - name: linux\n    description: Linux machines\n    kql: DeviceInfo | where OSPlatform == "Linux"\n',
    );
    expect(loadConfig({ HUNTS_FILE: good }).hunts).toMatchObject([
      { name: 'linux', role: 'viewer', parameters: [] },
    ]);
    const bad = write('hunts', 'hunts:\n  - name: x\n    description: y\n    kql: T | where A == {ip}\n');
    expect(problemsOf({ HUNTS_FILE: bad }).join('\n')).toContain(
      'hunt x: the KQL uses {ip}, which is not in parameters',
    );
    expect(problemsOf({ HUNTS_FILE: '/nonexistent/hunts.yaml' }).join('\n')).toMatch(
      /HUNTS_FILE: cannot read \/nonexistent\/hunts.yaml \(ENOENT\)/,
    );
  });

  it('GRAPH_SCOPE must be a resource followed by /.default', () => {
    expect(problemsOf({ GRAPH_SCOPE: 'https://graph.microsoft.us' }).join('\n')).toMatch(
      /GRAPH_SCOPE: must be the Graph resource followed by \/\.default/,
    );
  });
});
