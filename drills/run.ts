// `npm run drills [-- <name>...]`: makes the simulator's certificates, runs each failure drill in a
// child process that trusts them (Node reads NODE_EXTRA_CA_CERTS only at start), bounded in time,
// then prints one Markdown table and writes it to drills/results.md.
import { spawn } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTrustEnv } from '../bench/lib/env.js';
import { DRILLS_END, DRILLS_START, withSection } from '../bench/lib/results-doc.js';
import { DRILL_RESULT_ENV, drillResultSchema, type DrillResult } from './lib/result.js';

const DRILLS = ['worker-kill', 'redis-restart', 'mde-5xx', 'slack-429', 'expired-secret'] as const;
type DrillName = (typeof DRILLS)[number];
/** Each drill is bounded; the whole run stays under about five minutes. */
const DRILL_TIMEOUT_MS = 150_000;
const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

function selected(args: readonly string[]): DrillName[] {
  if (args.length === 0) return [...DRILLS];
  const unknown = args.filter((arg) => !(DRILLS as readonly string[]).includes(arg));
  if (unknown.length > 0)
    throw new Error(`Unknown drill(s) ${unknown.join(', ')}; choose from ${DRILLS.join(', ')}.`);
  return args as DrillName[];
}

/** Runs one drill in its own process group, so a drill over time is stopped with everything it started. */
function runChild(
  name: DrillName,
  env: Record<string, string>,
): Promise<{ code: number | null; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', here(`./${name}.ts`)], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: true,
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, DRILL_TIMEOUT_MS);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, timedOut });
    });
  });
}

const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

function table(results: readonly DrillResult[]): string {
  const lines = [
    '| drill | what was done | accepted | completed | LOST (must be 0) | DUPLICATED (must be 0) | WORKING LEFT (must be 0) | verdict |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    const verdict = r.verdict === 'pass' ? 'pass' : r.verdict === 'skipped' ? 'skipped' : '**FAIL**';
    lines.push(
      `| ${r.name} | ${cell(r.done)} | ${r.accepted} | ${r.completed} | ${r.lost} | ${r.duplicated} | ${r.workingLeft} | ${verdict} |`,
    );
  }
  return lines.join('\n');
}

function unfinished(name: DrillName, why: string): DrillResult {
  return {
    name,
    done: 'did not finish',
    accepted: 0,
    completed: 0,
    lost: 0,
    duplicated: 0,
    workingLeft: 0,
    verdict: 'FAIL',
    notes: [why],
  };
}

async function main(): Promise<void> {
  const names = selected(process.argv.slice(2));
  const loadBefore = loadavg()[0] ?? 0;
  const trust = await makeTrustEnv();
  const results: DrillResult[] = [];
  const started = Date.now();
  try {
    for (const name of names) {
      const resultFile = join(trust.dir, `${name}.json`);
      console.log(`\n== ${name}`);
      const { code, timedOut } = await runChild(name, { ...trust.env, [DRILL_RESULT_ENV]: resultFile });
      const text = await readFile(resultFile, 'utf8').catch(() => undefined);
      if (text === undefined) {
        results.push(
          unfinished(
            name,
            timedOut ? `stopped after ${DRILL_TIMEOUT_MS / 1000} s` : `exited with ${code} before reporting`,
          ),
        );
        continue;
      }
      results.push(drillResultSchema.parse(JSON.parse(text)));
    }
  } finally {
    await rm(trust.dir, { recursive: true, force: true });
  }
  const markdown = table(results);
  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(`\n${markdown}\n\n(${seconds} s)`);
  const all = names.length === DRILLS.length ? '' : ` (only: ${names.join(', ')})`;
  const facts = `date: ${new Date().toISOString()}; ${seconds} s in all; node ${process.version}; ${cpus().length} CPUs, load ${loadBefore.toFixed(2)} before`;
  const document = [
    `# Failure drill results${all}`,
    '',
    'Written by `npm run drills`; what each drill does is in [README.md](README.md).',
    '',
    `- ${facts}`,
    '',
    markdown,
    '',
    '## Notes',
    '',
    ...results.flatMap((r) => r.notes.map((note) => `- ${r.name}: ${note}`)),
    '',
  ].join('\n');
  await writeFile(here('./results.md'), document);
  // The benchmark results carry the drills' table too, so one file holds every figure.
  const benchResults = here('../bench/results.md');
  const benchDoc = await readFile(benchResults, 'utf8').catch(() => '# Benchmark results\n');
  const section = [
    `## Failure drills${all}`,
    '',
    `${facts}; notes in [drills/results.md](../drills/results.md).`,
    '',
    markdown,
  ].join('\n');
  await writeFile(benchResults, withSection(benchDoc, DRILLS_START, DRILLS_END, section));
  if (results.some((r) => r.verdict === 'FAIL')) process.exitCode = 1;
}

await main();
