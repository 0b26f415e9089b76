// `npm run bench [-- <name>...]`: compiles the processes under test, makes the simulator's
// certificates, runs each benchmark in a child process that trusts them (Node reads
// NODE_EXTRA_CA_CERTS only at start), prints one Markdown table and writes it with the machine's
// facts to bench/results.md.
import { spawn } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTrustEnv } from './lib/env.js';
import { benchResultSchema, RESULT_FILE_ENV, type BenchResult } from './lib/result.js';
import { DRILLS_END, DRILLS_START, dateOf, notesOf, rowsOf, sectionOf } from './lib/results-doc.js';
import { COMPILED_DIR, TARGETS_DIR_ENV, compileTargets } from './lib/targets.js';

const BENCHMARKS = [
  'slack-ack',
  'teams-turn',
  'action-burst',
  'alert-latency',
  'soak',
  'lookup-flood',
] as const;
type BenchName = (typeof BENCHMARKS)[number];
const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

function selected(args: readonly string[]): BenchName[] {
  if (args.length === 0) return [...BENCHMARKS];
  const unknown = args.filter((arg) => !(BENCHMARKS as readonly string[]).includes(arg));
  if (unknown.length > 0)
    throw new Error(`Unknown benchmark(s) ${unknown.join(', ')}; choose from ${BENCHMARKS.join(', ')}.`);
  return args as BenchName[];
}

function runChild(name: BenchName, env: Record<string, string>): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', here(`./${name}.ts`)], {
      env: { ...process.env, ...env },
      stdio: 'inherit',
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
}

const cell = (text: string): string => text.replaceAll('|', '\\|');

const TABLE_HEAD = ['| benchmark | figure | value | goal | met |', '|---|---|---|---|---|'];

function rows(result: BenchResult): string[] {
  return result.rows.map((row) => {
    const met = row.met === null ? '' : row.met ? 'yes' : '**no**';
    return `| ${result.name} | ${cell(row.metric)} | ${cell(row.value)} | ${cell(row.goal)} | ${met} |`;
  });
}

const notesOfResult = (result: BenchResult): string[] =>
  result.notes.map((note) => `- ${result.name}: ${note}`);

/**
 * This run's figures, and those of the benchmarks it did not run as the previous document had them,
 * in the usual order; a kept benchmark's notes say when it was measured.
 */
function merged(results: readonly BenchResult[], previous: string): { table: string; notes: string[] } {
  const table = [...TABLE_HEAD];
  const notes: string[] = [];
  const earlier = dateOf(previous) ?? 'an earlier run';
  for (const name of BENCHMARKS) {
    const result = results.find((r) => r.name === name);
    if (result) {
      table.push(...rows(result));
      notes.push(...notesOfResult(result));
      continue;
    }
    const kept = rowsOf(previous, name);
    if (kept.length === 0) continue;
    table.push(...kept);
    const keptNotes = notesOf(previous, name);
    const stamp = `- ${name}: measured in an earlier run (`;
    if (!keptNotes.some((note) => note.startsWith(stamp))) notes.push(`${stamp}${earlier}), not in this one`);
    notes.push(...keptNotes);
  }
  return { table: table.join('\n'), notes };
}

const load = (): string =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ');

function machineFacts(loadBefore: string): string {
  const cpu = cpus();
  return [
    `- load average (1/5/15 min) before: ${loadBefore}, after: ${load()} — anything else running shares the cores`,
    `- date: ${new Date().toISOString()}`,
    `- cpus: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown'}`,
    `- memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- node: ${process.version} (${process.platform} ${process.arch})`,
  ].join('\n');
}

async function main(): Promise<void> {
  const names = selected(process.argv.slice(2));
  const loadBefore = load();
  await rm(COMPILED_DIR, { recursive: true, force: true });
  console.log('compiling bench/targets (the processes under test run compiled, as in production)');
  const targetsDir = await compileTargets();
  const trust = await makeTrustEnv();
  const results: BenchResult[] = [];
  const failed: string[] = [];
  try {
    for (const name of names) {
      const resultFile = join(trust.dir, `${name}.json`);
      console.log(`\n== ${name}`);
      const code = await runChild(name, {
        ...trust.env,
        [RESULT_FILE_ENV]: resultFile,
        [TARGETS_DIR_ENV]: targetsDir,
      });
      const text = await readFile(resultFile, 'utf8').catch(() => undefined);
      if (code !== 0 || text === undefined) {
        failed.push(`${name} (exit ${code})`);
        continue;
      }
      results.push(benchResultSchema.parse(JSON.parse(text)));
    }
  } finally {
    await rm(trust.dir, { recursive: true, force: true });
    await rm(COMPILED_DIR, { recursive: true, force: true });
  }
  const previous = await readFile(here('./results.md'), 'utf8').catch(() => '');
  const { table: markdown, notes } = merged(results, previous);
  const busy = Math.max(Number(loadBefore.split(' / ')[0]), loadavg()[0] ?? 0) > cpus().length;
  const warning = busy
    ? [
        '',
        `> **Warning:** the load average exceeded the ${cpus().length} CPUs during this run: other work competed for the cores, so the latencies below are inflated and noisy.`,
      ]
    : [];
  console.log(`\n${TABLE_HEAD.join('\n')}\n${results.flatMap(rows).join('\n')}\n`);
  const all = names.length === BENCHMARKS.length ? '' : ` (this run: ${names.join(', ')})`;
  const drills = sectionOf(previous, DRILLS_START, DRILLS_END);
  const document = [
    `# Benchmark results${all}`,
    '',
    'Written by `npm run bench`; what each figure means is in [README.md](README.md).',
    '',
    machineFacts(loadBefore),
    ...warning,
    '',
    markdown,
    '',
    '## Notes',
    '',
    ...notes,
    ...(failed.length > 0 ? ['', `Did not finish: ${failed.join(', ')}`] : []),
    ...(drills ? ['', drills] : []),
    '',
  ].join('\n');
  await writeFile(here('./results.md'), document);
  if (failed.length > 0) {
    console.error(`benchmarks that did not finish: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}

await main();
