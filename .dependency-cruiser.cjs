// The layering of DESIGN.md section 2, enforced by dependency-cruiser: `npm run lint:layers`, part of
// `npm run lint` and so of CI. A violation prints the rule's name; docs/architecture.md explains the
// layers and shows the graph (`npm run architecture` redraws it). The layers themselves, top to
// bottom, are in scripts/architecture/layers.cjs.
const { LAYERS, TOOLS, anyOf } = require('./scripts/architecture/layers.cjs');

const TOOLS_PATTERN = anyOf(TOOLS.map((tool) => tool.name));
const EVERY_FOLDER = anyOf([...LAYERS.flatMap((layer) => layer.folders), ...TOOLS.map((tool) => tool.name)]);
const describe = (layers) => layers.map((layer) => layer.folders.join(', ')).join(' | ');

// One rule per layer below the top: it may not import any layer above it.
const layerRules = LAYERS.slice(1).map((layer, index) => {
  const above = LAYERS.slice(0, index + 1);
  return {
    name: `layer-${layer.name}-imports-only-down`,
    comment:
      `layering (DESIGN.md section 2): ${layer.folders.join(', ')} may import only ` +
      `${describe(LAYERS.slice(index + 1))}; never ${describe(above)}`,
    severity: 'error',
    from: { path: anyOf(layer.folders) },
    to: { path: anyOf(above.flatMap((l) => l.folders)) },
  };
});

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'core-imports-nothing-of-ours',
      comment:
        'core/ is the shared vocabulary and ports that every layer imports: it imports nothing of ours (DESIGN.md section 2)',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/', pathNot: '^src/core/' },
    },
    {
      name: 'jobs-never-imports-chat',
      comment:
        'jobs/ never imports chat/*: the worker posts through the Reply port in core/, and the composition root wires the Slack and Teams implementations into it (DESIGN.md section 2)',
      severity: 'error',
      from: { path: '^src/jobs/' },
      to: { path: '^src/chat/' },
    },
    {
      name: 'app-jobs-import-commands-through-its-index',
      comment:
        'app/ and jobs/ import commands/ only through commands/index.ts, its public surface (presenters they share live in cards/presenters/)',
      severity: 'error',
      from: { path: '^src/(app|jobs)/' },
      to: { path: '^src/commands/', pathNot: '^src/commands/index\\.ts$' },
    },
    {
      name: 'app-jobs-used-through-their-index',
      comment:
        'the layers above app/ and jobs/ (chat adapters, the composition root) import them only through app/index.ts and jobs/index.ts, the public surface each offers',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(app|jobs)/' },
      to: { path: '^src/(app|jobs)/', pathNot: '^src/(app|jobs)/index\\.ts$' },
    },
    {
      name: 'chat-platforms-stay-apart',
      comment:
        'chat/slack and chat/teams do not import each other: each platform is one folder behind the same ports',
      severity: 'error',
      from: { path: '^src/chat/([^/]+)/' },
      to: { path: '^src/chat/', pathNot: '^src/chat/$1/' },
    },
    {
      name: 'botbuilder-only-in-chat-teams',
      comment: 'every botbuilder / botframework import stays inside src/chat/teams/ (DESIGN.md section 2)',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/chat/teams/' },
      to: { path: 'node_modules/(botbuilder|botframework-)[^/]*/' },
    },
    {
      name: 'slack-only-in-chat-slack',
      comment: 'every @slack/* import stays inside src/chat/slack/ (DESIGN.md section 2)',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/chat/slack/' },
      to: { path: 'node_modules/@slack/' },
    },
    {
      name: 'no-product-imports-tools',
      comment: `${TOOLS.map((tool) => tool.name).join(', ')} are tools (simulator, local chat UI, demo launcher): they may import product code, no product module imports them`,
      severity: 'error',
      from: { path: '^src/', pathNot: TOOLS_PATTERN },
      to: { path: TOOLS_PATTERN },
    },
    {
      name: 'every-src-folder-has-a-layer',
      comment:
        'a module under src/ outside every layer and tool escapes the rules: add its folder to scripts/architecture/layers.cjs',
      severity: 'error',
      from: { path: '^src/', pathNot: EVERY_FOLDER },
      to: {},
    },
    {
      name: 'every-src-folder-has-a-layer',
      comment:
        'a module under src/ outside every layer and tool escapes the rules: add its folder to scripts/architecture/layers.cjs',
      severity: 'error',
      from: {},
      to: { path: '^src/', pathNot: EVERY_FOLDER },
    },
    {
      name: 'no-circular',
      comment:
        'no circular dependencies at run time (a cycle of type-only imports is erased by the compiler, so it does not count here; it does count for the layer rules)',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-dev-dependencies-in-src',
      comment:
        'src/ runs in the image, which installs production dependencies only: it must not import a devDependency (the tools — simulator, playground, demo — are left out of the build and run from source in development)',
      severity: 'error',
      from: { path: '^src/', pathNot: TOOLS_PATTERN },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-undeclared-dependencies',
      comment: 'src/ imports only packages that package.json declares',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown', 'unknown', 'undetermined'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports are dependencies too: a type imported upward couples the layers all the same.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'types', 'default'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
