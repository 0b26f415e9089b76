// Draws the folder-level dependency graph of src/ as Mermaid, from a dependency-cruiser run with the
// project's config: one box per layer (top to bottom as in layers.cjs), one node per folder, one
// arrow per folder that imports another. Arrows that break a rule are drawn red.
import { join } from 'node:path';
import type { ICruiseResult } from 'dependency-cruiser';
import { format, resolveConfig } from 'prettier';
import { LAYERS, TOOLS, cruiseTree, repoRoot } from './cruise.js';

/** Collapses modules to their folder under src/ (chat/ to its platforms); single files stay themselves. */
export const FOLDER_COLLAPSE = '^src/(chat/[^/]+|[^/]+)';

export const GRAPH_START = '<!-- architecture:generated:start (npm run architecture) -->';
export const GRAPH_END = '<!-- architecture:generated:end -->';

interface Group {
  title: string;
  folders: string[];
}

function groups(nodes: readonly string[]): Group[] {
  const owner = (node: string, folders: readonly string[]): boolean =>
    folders.some((folder) => node === folder || node.startsWith(`${folder}/`));
  const layered: Group[] = LAYERS.map((layer) => ({
    title: layer.name,
    folders: nodes.filter((node) => owner(node, layer.folders)),
  }));
  const tools: Group = {
    title: 'tools',
    folders: nodes.filter((node) =>
      owner(
        node,
        TOOLS.map((tool) => tool.name),
      ),
    ),
  };
  const placed = new Set([...layered, tools].flatMap((group) => group.folders));
  const stray: Group = { title: 'no layer', folders: nodes.filter((node) => !placed.has(node)) };
  return [...layered, tools, stray].filter((group) => group.folders.length > 0);
}

const id = (folder: string): string => folder.replace(/[^A-Za-z0-9]/g, '_');
const strip = (source: string): string => source.replace(/^src\//, '');

/** The Mermaid graph of a cruise collapsed with FOLDER_COLLAPSE. */
export function mermaidGraph(collapsed: ICruiseResult, violating: ReadonlySet<string> = new Set()): string {
  const nodes = collapsed.modules.map((module) => strip(module.source)).filter((node) => node.length > 0);
  const ordered = groups([...new Set(nodes)].sort());
  const rank = new Map(ordered.flatMap((group) => group.folders).map((folder, index) => [folder, index]));
  const edges = new Set<string>();
  for (const module of collapsed.modules) {
    for (const dependency of module.dependencies) {
      const from = strip(module.source);
      const to = strip(dependency.resolved);
      if (from !== to && rank.has(from) && rank.has(to)) edges.add(`${from}\0${to}`);
    }
  }
  const sortedEdges = [...edges]
    .map((edge) => edge.split('\0') as [string, string])
    .sort(([a, b], [c, d]) => rank.get(a)! - rank.get(c)! || rank.get(b)! - rank.get(d)!);

  const lines = ['flowchart TB'];
  for (const group of ordered) {
    lines.push(`  subgraph ${id(`layer ${group.title}`)}["${group.title}"]`);
    for (const folder of group.folders) lines.push(`    ${id(folder)}["${folder}"]`);
    lines.push('  end');
  }
  const red: number[] = [];
  sortedEdges.forEach(([from, to], index) => {
    lines.push(`  ${id(from)} --> ${id(to)}`);
    if (violating.has(`${from}\0${to}`)) red.push(index);
  });
  if (red.length > 0) lines.push(`  linkStyle ${red.join(',')} stroke:#d00,stroke-width:3px`);
  return lines.join('\n');
}

/** The generated part of docs/architecture.md: the layer table and the graph, between the markers. */
export async function generatedBlock(baseDir: string = repoRoot): Promise<string> {
  const checked = await cruiseTree(baseDir);
  const folderOf = (path: string): string => {
    const match = new RegExp(FOLDER_COLLAPSE).exec(path);
    return match ? strip(match[0]) : path;
  };
  const violating = new Set(
    checked.summary.violations
      .filter((violation) => violation.to.startsWith('src/'))
      .map((violation) => `${folderOf(violation.from)}\0${folderOf(violation.to)}`),
  );
  const collapsed = await cruiseTree(baseDir, {
    collapse: FOLDER_COLLAPSE,
    includeOnly: '^src/',
    validate: false,
  });

  const table = [
    '| layer | folders under `src/` | what it does |',
    '| --- | --- | --- |',
    ...LAYERS.map(
      (layer) =>
        `| ${layer.name} | ${layer.folders.map((folder) => `\`${folder}\``).join(', ')} | ${layer.does} |`,
    ),
    ...TOOLS.map((tool) => `| tools | \`${tool.name}\` | ${tool.does} |`),
  ];
  const block = [
    GRAPH_START,
    '',
    ...table,
    '',
    '```mermaid',
    mermaidGraph(collapsed, violating),
    '```',
    '',
    GRAPH_END,
  ].join('\n');
  // Formatted as prettier formats the rest of the document, so `prettier --check` and this agree.
  const options = await resolveConfig(join(repoRoot, 'docs', 'architecture.md'));
  return (await format(block, { ...options, parser: 'markdown' })).trimEnd();
}

/** `document` with its generated block replaced by `block`; throws when the markers are missing. */
export function withBlock(document: string, block: string): string {
  const start = document.indexOf(GRAPH_START);
  const end = document.indexOf(GRAPH_END);
  if (start < 0 || end < start)
    throw new Error(`docs/architecture.md has lost its markers ${GRAPH_START} ... ${GRAPH_END}`);
  return document.slice(0, start) + block + document.slice(end + GRAPH_END.length);
}
