// The layering check bites: dependency-cruiser, run with the project's own config, reports every import
// planted in test/fixtures/layering under the rule it breaks, and nothing else; the real src/ has no
// violation; docs/architecture.md shows the graph of today's code.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ICruiseResult } from 'dependency-cruiser';
import { cruiseTree, describeViolations, repoRoot } from '../../scripts/architecture/cruise.js';
import { GRAPH_END, GRAPH_START, generatedBlock } from '../../scripts/architecture/graph.js';

const fixture = join(repoRoot, 'test', 'fixtures', 'layering');

describe('layering rules on a planted fixture', () => {
  let result: ICruiseResult;
  beforeAll(async () => {
    result = await cruiseTree(fixture);
  }, 60_000);

  const reported = (): string[] => describeViolations(result.summary.violations).sort();

  it('reports an upward import from identity/ into defender/', () => {
    expect(reported()).toContain(
      'layer-identity-config-core-imports-only-down: src/identity/upward.ts -> src/defender/client.ts',
    );
  });

  it('reports jobs/ importing a chat adapter, under both the named rule and the layer rule', () => {
    expect(reported()).toContain('jobs-never-imports-chat: src/jobs/notify.ts -> src/chat/slack/reply.ts');
    expect(reported()).toContain(
      'layer-commands-jobs-imports-only-down: src/jobs/notify.ts -> src/chat/slack/reply.ts',
    );
  });

  it('reports app/ importing a module inside commands/ rather than commands/index.ts', () => {
    expect(reported()).toContain(
      'app-jobs-import-commands-through-its-index: src/app/commands-inside.ts -> src/commands/registry.ts',
    );
    expect(
      result.summary.violations.filter((violation) => violation.from === 'src/jobs/commands-index.ts'),
    ).toEqual([]);
  });

  it('reports the composition root importing a module inside jobs/ rather than jobs/index.ts', () => {
    expect(reported()).toContain(
      'app-jobs-used-through-their-index: src/runtime/jobs-inside.ts -> src/jobs/down.ts',
    );
    expect(
      result.summary.violations.filter((violation) => violation.from === 'src/runtime/jobs-index.ts'),
    ).toEqual([]);
  });

  it('reports each planted import under its rule, and nothing else', () => {
    const slack = reported().find((line) => line.startsWith('slack-only-in-chat-slack: src/app/bolt.ts -> '));
    expect(slack).toMatch(/node_modules\/@slack\/bolt\//);
    const botbuilder = reported().find((line) =>
      line.startsWith('botbuilder-only-in-chat-teams: src/app/teams-turn.ts -> '),
    );
    expect(botbuilder).toMatch(/node_modules\/botbuilder\//);
    const devDependency = reported().find((line) =>
      line.startsWith('no-dev-dependencies-in-src: src/app/zip.ts -> '),
    );
    expect(devDependency).toMatch(/node_modules\/yazl\//);
    expect(reported()).toEqual(
      [
        'app-jobs-import-commands-through-its-index: src/app/commands-inside.ts -> src/commands/registry.ts',
        'app-jobs-used-through-their-index: src/runtime/jobs-inside.ts -> src/jobs/down.ts',
        'chat-platforms-stay-apart: src/chat/teams/uses-slack.ts -> src/chat/slack/reply.ts',
        'core-imports-nothing-of-ours: src/core/upward.ts -> src/defender/client.ts',
        'jobs-never-imports-chat: src/jobs/notify.ts -> src/chat/slack/reply.ts',
        'layer-commands-jobs-imports-only-down: src/jobs/notify.ts -> src/chat/slack/reply.ts',
        'layer-identity-config-core-imports-only-down: src/core/upward.ts -> src/defender/client.ts',
        'layer-identity-config-core-imports-only-down: src/identity/upward.ts -> src/defender/client.ts',
        'no-circular: src/commands/cycle-a.ts -> src/commands/cycle-b.ts -> src/commands/cycle-a.ts',
        'no-product-imports-tools: src/app/uses-sim.ts -> src/sim/fake.ts',
        slack!,
        botbuilder!,
        devDependency!,
        'every-src-folder-has-a-layer: src/extras/stray.ts -> src/core/vocabulary.ts',
      ].sort(),
    );
  });

  it('lets a layer import the layers below it', () => {
    expect(result.summary.violations.filter((violation) => violation.from === 'src/jobs/down.ts')).toEqual(
      [],
    );
    const down = result.modules.find((module) => module.source === 'src/jobs/down.ts');
    expect(down?.dependencies.map((dependency) => dependency.resolved).sort()).toEqual([
      'src/core/vocabulary.ts',
      'src/defender/client.ts',
    ]);
  });
});

describe('the real tree', () => {
  it('has no layering violation', async () => {
    const result = await cruiseTree();
    expect(result.summary.totalCruised).toBeGreaterThan(100);
    expect(describeViolations(result.summary.violations)).toEqual([]);
  }, 60_000);

  it('is what docs/architecture.md draws (run `npm run architecture` when this fails)', async () => {
    const document = await readFile(join(repoRoot, 'docs', 'architecture.md'), 'utf8');
    const shown = document.slice(
      document.indexOf(GRAPH_START),
      document.indexOf(GRAPH_END) + GRAPH_END.length,
    );
    expect(shown).toEqual(await generatedBlock());
  }, 60_000);
});
